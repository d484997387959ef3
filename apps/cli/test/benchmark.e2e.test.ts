import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import type { BenchmarkResult } from "@hftool/core";
import {
  buildVadFixture,
  burstSamples,
  createTempHome,
  encodeTestWav,
  runCli,
  type TempHome,
} from "@hftool/test-utils";

let user: TempHome;
const hftool = (args: string[]) => runCli(args, { cwd: user.cwd, env: user.env, timeoutMs: 120_000 });
const resultsFile = () => join(user.home, ".hftool", "benchmarks.jsonl");

beforeEach(() => {
  user = createTempHome();
  // the same energy detector twice; one carries 4000 constant nodes that ONNX Runtime folds while
  // loading, so it loads slowly and runs exactly as fast
  buildVadFixture({ dir: join(user.cwd, "vad") });
  buildVadFixture({ dir: join(user.cwd, "slow-vad"), slowLoadNodes: 4000 });
  writeFileSync(
    join(user.cwd, "short.wav"),
    encodeTestWav({
      channels: [burstSamples({ sampleRate: 16000, seconds: 0.5, spans: [[0.1, 0.4]] })],
      sampleRate: 16000,
    }),
  );
});
afterEach(() => user.cleanup());

describe("hftool benchmark", () => {
  it("measures load, first and steady inference separately: a slow load shows as load time", async () => {
    const r = await hftool([
      "benchmark",
      "-t",
      "vad",
      "-m",
      "./slow-vad",
      "-i",
      "short.wav",
      "--runs",
      "5",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as BenchmarkResult;
    expect(result).toMatchObject({
      task: "voice-activity-detection",
      model: join(user.cwd, "slow-vad"),
      device: "cpu",
      executionProviders: ["cpu"],
      dtype: "fp32",
      input: "short.wav",
      runs: 5,
      warmup: 1,
      success: true,
    });
    expect(result.inferenceMs.samples).toHaveLength(5);
    const { mean, p50, p95, min, max } = result.inferenceMs;
    expect(min).toBeLessThanOrEqual(p50);
    expect(p50).toBeLessThanOrEqual(p95);
    expect(p95).toBeLessThanOrEqual(max);
    expect(mean).toBeGreaterThanOrEqual(min);
    // the load is measured on its own: thousands of folded nodes dwarf a run of the tiny graph
    // (the Python tool reported load as 30% of one fixed total)
    expect(result.loadMs).toBeGreaterThan(10 * result.inferenceMs.p50);
    expect(result.loadMs / (result.loadMs + result.firstInferenceMs)).toBeGreaterThan(0.5);
    expect(result.rssBytes.peak).toBeGreaterThanOrEqual(result.rssBytes.afterLoad);
    expect(result.rssBytes.afterLoad).toBeGreaterThan(0);
    expect(result.gpuMemoryBytes).toBeUndefined();
    expect(result.system.onnxruntime).toMatch(/^\d+\.\d+/);

    // the same graph without the folded nodes loads much faster, and runs no slower
    const fast = JSON.parse(
      (await hftool(["benchmark", "-t", "vad", "-m", "./vad", "-i", "short.wav", "--json"])).stdout,
    ) as BenchmarkResult;
    expect(result.loadMs).toBeGreaterThan(3 * fast.loadMs);

    // both are kept in hftool home, newest last, and listed as a table
    const saved = readFileSync(resultsFile(), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as BenchmarkResult);
    expect(saved.map((s) => s.model)).toEqual([join(user.cwd, "slow-vad"), join(user.cwd, "vad")]);
    const list = await hftool(["benchmark", "--list", "-t", "vad"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/task\s+model\s+device\s+load\s+first\s+mean\s+p50\s+p95\s+peak rss\s+gpu/);
    expect(list.stdout).toMatch(/voice-activity-detection\s+slow-vad fp32\s+cpu/);
    const onlyFast = JSON.parse(
      (await hftool(["benchmark", "--list", "-m", "./vad", "--json"])).stdout,
    ) as BenchmarkResult[];
    expect(onlyFast.map((s) => s.model)).toEqual([join(user.cwd, "vad")]);
  });

  it("runs the standard input that ships with hftool, and prints a table", async () => {
    const r = await hftool([
      "benchmark",
      "-t",
      "vad",
      "-m",
      "./vad",
      "--runs",
      "2",
      "--warmup",
      "0",
      "--no-save",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Input\s+demo-speech\.wav/);
    expect(r.stdout).toMatch(/Load\s+\d/);
    expect(r.stdout).toMatch(/First inference\s+\d/);
    expect(r.stdout).toMatch(/Inference \(2 runs\)\s+mean .* p50 .* p95 /);
    expect(r.stdout).toMatch(/Memory\s+peak \d/);
    expect(r.stdout).toMatch(/GPU memory\s+— \(no GPU used\)/);
    expect(existsSync(resultsFile())).toBe(false);
  });

  it("says what is missing", async () => {
    const none = await hftool(["benchmark"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Pass -t TASK");
    const runs = await hftool(["benchmark", "-t", "vad", "--runs", "0"]);
    expect(runs.code).toBe(2);
    expect(runs.stderr).toContain("--runs must be a whole number of 1 or more");
    const both = await hftool(["benchmark", "--all", "-m", "./vad"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("drop -m");
    expect((await hftool(["benchmark", "--list"])).stdout).toContain("No saved benchmarks");
  });
});
