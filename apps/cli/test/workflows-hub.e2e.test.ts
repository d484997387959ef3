// Dry runs and `benchmark --all` with models on the loopback Hub-protocol server of
// @hftool/download (createHubServer), reached through HF_ENDPOINT as the real Hub is.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import type { BenchmarkResult } from "@hftool/core";
import {
  buildVadFixture,
  createTempHome,
  findWorkspaceRoot,
  runCli,
  type TempHome,
} from "@hftool/test-utils";
import { withHub } from "./hub-fixture.js";

/** A pass-through HTTP proxy in front of the Hub server that records each request's method and path. */
async function recordingProxy(
  target: string,
): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => k !== "host" && k !== "connection") as [string, string][],
    );
    fetch(`${target}${req.url}`, { method: req.method!, headers, redirect: "manual" }).then(
      async (answer) => {
        const body = Buffer.from(await answer.arrayBuffer());
        const out: Record<string, string> = {};
        answer.headers.forEach((value, key) => {
          if (!["content-encoding", "transfer-encoding", "connection", "content-length"].includes(key))
            out[key] = value;
        });
        res.writeHead(answer.status, { ...out, "content-length": String(body.length) });
        res.end(req.method === "HEAD" ? undefined : body);
      },
      () => res.writeHead(502).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const NO_NETWORK = `
const net = require("node:net");
const fs = require("node:fs");
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  fs.appendFileSync(process.env.HFTOOL_TEST_NET_LOG, "connect\\n");
  return connect.apply(this, args);
};
`;

function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(root, path)] = `${statSync(path).size}:${statSync(path).mtimeMs}`;
    }
  };
  try {
    walk(root);
  } catch {
    // no folder yet
  }
  return files;
}

let user: TempHome;
let cache: string;
const hftool = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(args, { cwd: user.cwd, env: { ...user.env, HF_HUB_CACHE: cache, ...env }, timeoutMs: 120_000 });
const recording = join(findWorkspaceRoot(), "apps", "cli", "assets", "demo-speech.wav");

beforeEach(() => {
  user = createTempHome();
  cache = join(user.root, "hub-cache");
});
afterEach(() => user.cleanup());

describe("--dry-run with a Hub model", () => {
  it(
    "asks the Hub only for the file list while the model is not cached, and nothing at all once it is",
    withHub(async (create) => {
      const repo = join(user.root, "repos", "vad");
      buildVadFixture({ dir: repo, dtypes: ["fp32", "q8"] });
      const hub = await create({ repos: { "hftool-test/vad": repo }, host: "127.0.0.1", port: 0 });
      const proxy = await recordingProxy(hub.url);
      try {
        const before = snapshot(user.root);
        const r = await hftool(
          ["-t", "vad", "-m", "hftool-test/vad", "-i", recording, "--dtype", "q8", "--dry-run", "--json"],
          { HF_ENDPOINT: proxy.url },
        );
        expect(r.code).toBe(0);
        const plan = JSON.parse(r.stdout);
        expect(plan).toMatchObject({
          model: "hftool-test/vad",
          revision: "main",
          dtype: "q8",
          device: "cpu",
        });
        expect(plan.commit).toMatch(/^[0-9a-f]{40}$/);
        expect(plan.model_files.status).toBe("download");
        const onnx = statSync(join(repo, "onnx", "model_quantized.onnx")).size;
        expect(plan.model_files.files).toContainEqual({
          path: "onnx/model_quantized.onnx",
          size: onnx,
          cached: false,
        });
        expect(plan.model_files.files.map((f: { path: string }) => f.path)).not.toContain("onnx/model.onnx");
        expect(plan.model_files.downloadBytes).toBe(plan.model_files.bytes);
        // only the Hub's API was asked; no file was fetched, nothing was written
        expect(proxy.requests.length).toBeGreaterThan(0);
        expect(proxy.requests.every((line) => / \/api\//.test(line))).toBe(true);
        expect(snapshot(user.root)).toEqual(before);

        const fetched = await hftool(
          ["-t", "vad", "-m", "hftool-test/vad", "-i", recording, "--dtype", "q8", "-y"],
          {
            HF_ENDPOINT: proxy.url,
          },
        );
        expect(fetched.code).toBe(0);
      } finally {
        await proxy.close();
        await hub.close();
      }
      // cached: no socket is opened at all (the Hub is gone anyway)
      const netLog = join(user.root, "net.log");
      writeFileSync(join(user.root, "no-network.cjs"), NO_NETWORK);
      const cachedBefore = snapshot(cache);
      const again = await hftool(
        ["-t", "vad", "-m", "hftool-test/vad", "-i", recording, "--dtype", "q8", "--dry-run", "--json"],
        {
          HF_ENDPOINT: "http://127.0.0.1:9",
          NODE_OPTIONS: `--require ${join(user.root, "no-network.cjs")}`,
          HFTOOL_TEST_NET_LOG: netLog,
        },
      );
      expect(again.code).toBe(0);
      const cachedPlan = JSON.parse(again.stdout);
      expect(cachedPlan.model_files.status).toBe("cached");
      expect(cachedPlan.model_files.files.every((f: { cached: boolean }) => f.cached)).toBe(true);
      expect(cachedPlan.model_files.downloadBytes).toBe(0);
      expect(() => readFileSync(netLog, "utf8")).toThrow();
      expect(snapshot(cache)).toEqual(cachedBefore);
    }),
  );
});

describe("hftool benchmark --all", () => {
  it(
    "benchmarks each downloaded registry model in its own process",
    withHub(async (create) => {
      const empty = await hftool(["benchmark", "--all", "--json"]);
      expect(empty.code).toBe(0);
      expect(JSON.parse(empty.stdout)).toEqual([]);

      const repo = join(user.root, "repos", "silero");
      buildVadFixture({ dir: repo });
      const hub = await create({ repos: { "onnx-community/silero-vad": repo }, host: "127.0.0.1", port: 0 });
      try {
        const fetched = await hftool(["-t", "vad", "-i", recording, "-y"], { HF_ENDPOINT: hub.url });
        expect(fetched.code).toBe(0);
      } finally {
        await hub.close();
      }
      const r = await hftool(["benchmark", "--all", "--runs", "2", "--json"], { HF_HUB_OFFLINE: "1" });
      expect(r.code).toBe(0);
      const results = JSON.parse(r.stdout) as BenchmarkResult[];
      expect(results.map((x) => [x.task, x.model, x.success, x.input])).toEqual([
        ["voice-activity-detection", "onnx-community/silero-vad", true, "demo-speech.wav"],
      ]);
      expect(results[0]!.inferenceMs.samples).toHaveLength(2);
      const table = await hftool(["benchmark", "--all", "--no-save"], { HF_HUB_OFFLINE: "1" });
      expect(table.stdout).toMatch(/voice-activity-detection\s+silero-vad fp32\s+cpu\s+[\d.]+ m?s/);
      const saved = readFileSync(join(user.home, ".hftool", "benchmarks.jsonl"), "utf8")
        .trim()
        .split("\n");
      expect(saved).toHaveLength(1);
    }),
  );
});
