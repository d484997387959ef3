import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "@jest/globals";
import { appendBenchmarkResult } from "./append-benchmark-result.js";
import { readBenchmarkResults } from "./read-benchmark-results.js";
import { summarizeTimings } from "./summarize-timings.js";
import type { BenchmarkResult } from "./types.js";

const result = (task: string, model: string, loadMs = 10): BenchmarkResult => ({
  time: new Date().toISOString(),
  hftoolVersion: "0.0.0",
  task,
  model,
  device: "cpu",
  deviceRequested: "auto",
  executionProviders: ["cpu"],
  dtype: "fp32",
  input: "x",
  params: {},
  runs: 1,
  warmup: 0,
  loadMs,
  firstInferenceMs: 1,
  inferenceMs: summarizeTimings([1]),
  rssBytes: { beforeLoad: 1, afterLoad: 2, peak: 3 },
  system: { platform: "linux", arch: "x64", cpu: "cpu", cpus: 1, node: "v20" },
  success: true,
});
const tempFile = () => join(mkdtempSync(join(tmpdir(), "hftool-bench-")), "benchmarks.jsonl");

describe("summarizeTimings", () => {
  it("takes mean, nearest-rank percentiles, min and max", () => {
    const stats = summarizeTimings([5, 1, 4, 2, 3, 100, 6, 7, 8, 9]);
    expect(stats).toMatchObject({ mean: 14.5, p50: 5, p95: 100, min: 1, max: 100 });
    expect(stats.samples).toEqual([5, 1, 4, 2, 3, 100, 6, 7, 8, 9]);
    expect(summarizeTimings([2])).toMatchObject({ mean: 2, p50: 2, p95: 2 });
    expect(summarizeTimings([]).samples).toEqual([]);
  });
});

describe("benchmark results", () => {
  it("appends, filters and reads newest first, skipping broken lines", async () => {
    const file = tempFile();
    await appendBenchmarkResult({ file, result: result("a", "m1", 1) });
    writeFileSync(file, `${readFileSync(file, "utf8")}{"cut off\n`);
    await appendBenchmarkResult({ file, result: result("b", "m2", 2) });
    await appendBenchmarkResult({ file, result: result("a", "m2", 3) });
    expect((await readBenchmarkResults({ file })).map((r) => r.loadMs)).toEqual([3, 2, 1]);
    expect((await readBenchmarkResults({ file, task: "a" })).map((r) => r.loadMs)).toEqual([3, 1]);
    expect((await readBenchmarkResults({ file, model: "m2", limit: 1 })).map((r) => r.loadMs)).toEqual([3]);
    expect(await readBenchmarkResults({ file: join(file, "..", "missing.jsonl") })).toEqual([]);
  });

  it("caps the file, keeping the newest", async () => {
    const file = tempFile();
    for (let i = 0; i < 30; i++)
      await appendBenchmarkResult({ file, result: result("t", "m", i), maxEntries: 10 });
    const all = await readBenchmarkResults({ file });
    expect(all.length).toBeLessThanOrEqual(11);
    expect(all[0]!.loadMs).toBe(29);
    expect(all.map((r) => r.loadMs)).toEqual([...all.map((r) => r.loadMs)].sort((a, b) => b - a));
  });

  it("never interleaves appends from concurrent processes", async () => {
    const file = tempFile();
    const core = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
    const record = JSON.stringify(result("t", "m".repeat(5000)));
    const script = `const { appendBenchmarkResult } = await import(${JSON.stringify(core)});
      const result = JSON.parse(process.argv[2]);
      for (let i = 0; i < 20; i++) await appendBenchmarkResult({ file: process.argv[1], result: { ...result, input: process.argv[3] + i } });`;
    await Promise.all(
      ["p1", "p2", "p3"].map(
        (name) =>
          new Promise<void>((resolve, reject) => {
            const child = spawn(process.execPath, ["--input-type=module", "-e", script, file, record, name], {
              stdio: "inherit",
            });
            child.on("exit", (code) =>
              code === 0 ? resolve() : reject(new Error(`${name} exited ${code}`)),
            );
          }),
      ),
    );
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines).toHaveLength(60);
    const inputs = lines.map((l) => (JSON.parse(l) as BenchmarkResult).input);
    expect(new Set(inputs).size).toBe(60);
  });
});
