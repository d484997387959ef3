import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import {
  buildVadFixture,
  burstSamples,
  createTempHome,
  encodeTestWav,
  runCli,
  type TempHome,
} from "@hftool/test-utils";

// `--dry-run` must neither touch the network nor write a file. A preloaded script records every
// socket the process opens (loopback included), and every file under the test's root is compared
// before and after.

let user: TempHome;
let netLog: string;

const NO_NETWORK = `
const net = require("node:net");
const fs = require("node:fs");
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const target = typeof args[0] === "object" && args[0] !== null ? args[0] : { port: args[0], host: args[1] };
  fs.appendFileSync(process.env.HFTOOL_TEST_NET_LOG, JSON.stringify({ host: target.host, port: target.port, path: target.path }) + "\\n");
  return connect.apply(this, args);
};
`;

function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (path === netLog) continue;
      if (entry.isDirectory()) walk(path);
      else {
        const info = statSync(path);
        files[relative(root, path)] = `${info.size}:${info.mtimeMs}`;
      }
    }
  };
  walk(root);
  return files;
}

const hftool = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(args, {
    cwd: user.cwd,
    env: {
      ...user.env,
      NODE_OPTIONS: `--require ${join(user.root, "no-network.cjs")}`,
      HFTOOL_TEST_NET_LOG: netLog,
      ...env,
    },
    timeoutMs: 60_000,
  });
const connections = () => {
  try {
    return readFileSync(netLog, "utf8").trim().split("\n").filter(Boolean);
  } catch {
    return [];
  }
};

beforeEach(() => {
  user = createTempHome();
  netLog = join(user.root, "net.log");
  writeFileSync(join(user.root, "no-network.cjs"), NO_NETWORK);
  buildVadFixture({ dir: join(user.cwd, "vad") });
  writeFileSync(
    join(user.cwd, "talk.wav"),
    encodeTestWav({
      channels: [burstSamples({ sampleRate: 16000, seconds: 2, spans: [[0.5, 1]] })],
      sampleRate: 16000,
    }),
  );
  mkdirSync(join(user.home, ".cache"), { recursive: true });
});
afterEach(() => user.cleanup());

describe("--dry-run", () => {
  it("lists task, model, files with sizes, device and providers, dtype, output and params; no socket, no file", async () => {
    const before = snapshot(user.root);
    const r = await hftool([
      "-t",
      "vad",
      "-i",
      "talk.wav",
      "-m",
      "./vad",
      "-o",
      "segments.srt",
      "--dry-run",
      "--json",
      "--",
      "--threshold",
      "0.7",
    ]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({
      dry_run: true,
      task: "voice-activity-detection",
      model: join(user.cwd, "vad"),
      device: "cpu",
      device_requested: "auto",
      execution_providers: ["cpu"],
      dtype: "fp32",
      input: "talk.wav",
      output: join(user.cwd, "segments.srt"),
      format: "srt",
      params: { threshold: 0.7 },
    });
    expect(plan.model_files.status).toBe("local folder");
    expect(plan.model_files.files.map((f: { path: string }) => f.path)).toEqual([
      "config.json",
      "onnx/model.onnx",
    ]);
    const onnx = statSync(join(user.cwd, "vad", "onnx", "model.onnx")).size;
    expect(plan.model_files.files[1]).toEqual({ path: "onnx/model.onnx", size: onnx, cached: true });
    expect(plan.model_files.downloadBytes).toBe(0);
    expect(connections()).toEqual([]);
    expect(snapshot(user.root)).toEqual(before);
    // the dry run is not a run: no history
    expect((await hftool(["history", "--json"])).stdout.trim()).toBe("[]");
  });

  it("prints the plan as a table for people", async () => {
    const r = await hftool(["-t", "vad", "-i", "talk.wav", "-m", "./vad", "--dry-run", "--device", "cpu"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Task\s+voice-activity-detection/);
    expect(r.stdout).toMatch(/Files\s+local folder, [\d.]+ \w?B in all/);
    expect(r.stdout).toMatch(/✓ onnx\/model\.onnx\s+[\d.]+ \w?B/);
    expect(r.stdout).toMatch(/Device\s+cpu \(cpu\)/);
    expect(r.stdout).toMatch(/Output\s+.*voice-activity-detection-\d{8}-\d{6}\.json \(json\)/);
    expect(r.stderr).toContain("Dry run: nothing was downloaded, loaded or written.");
    expect(connections()).toEqual([]);
  });

  it("says a Hub model is not cached when offline, without a request", async () => {
    const before = snapshot(user.root);
    const r = await hftool(["-t", "vad", "-i", "talk.wav", "--dry-run", "--json"], {
      HF_HUB_OFFLINE: "1",
      HF_ENDPOINT: "http://127.0.0.1:9",
    });
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({ model: "onnx-community/silero-vad", revision: "main" });
    expect(plan.model_files.status).toMatch(/offline|unknown/);
    expect(connections()).toEqual([]);
    expect(snapshot(user.root)).toEqual(before);
  });

  it("reports a device that does not load instead of failing", async () => {
    const r = await hftool([
      "-t",
      "vad",
      "-i",
      "talk.wav",
      "-m",
      "./vad",
      "--dry-run",
      "--device",
      "coreml",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.device_requested).toBe("coreml");
    expect(plan.device_error).toContain("coreml");
  });
});
