#!/usr/bin/env node
// Download benchmarks: hftool against curl and @huggingface/hub, on the same local Hub server,
// in one run, printed as ratios. Usage:
//   node bench/download/run.mjs [--size 256M] [--large] [--runs 3] [--only capped,loopback,resume,memory]
// --large uses a 1 GiB file (the reference size). Needs curl and sha256sum on PATH, and
// a built @hftool/download (pnpm turbo run build).
import { execFileSync, spawn } from "node:child_process";
import { createCipheriv, createHash } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHubServer } from "../../packages/download/dist/index.js";
import { median } from "../lib/measure.mjs";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const parseSize = (text) => {
  const m = /^(\d+(?:\.\d+)?)([KMG]?)i?B?$/i.exec(text);
  if (!m) throw new Error(`Bad size: ${text}`);
  return Math.round(Number(m[1]) * { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2].toUpperCase()]);
};
const size = args.includes("--large") ? 1024 ** 3 : parseSize(flag("size", "256M"));
const runs = Number(flag("runs", "3"));
const only = new Set((flag("only", "capped,loopback,resume,memory") ?? "").split(","));
const CAP = 40 * 1000 * 1000; // bytes/s per connection, like a CDN edge
const here = fileURLToPath(new URL(".", import.meta.url));
const MB = (n) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const rate = (bytes, s) => `${(bytes / s / 1e6).toFixed(0)} MB/s`;

function which(cmd) {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function writeRandomFile(path, bytes) {
  const cipher = createCipheriv(
    "aes-256-ctr",
    createHash("sha256").update("bench").digest(),
    Buffer.alloc(16),
  );
  const out = createWriteStream(path);
  const block = Buffer.alloc(8 * 1024 * 1024);
  for (let left = bytes; left > 0; left -= block.length) {
    const chunk = cipher.update(left >= block.length ? block : block.subarray(0, left));
    if (!out.write(chunk)) await new Promise((r) => out.once("drain", r));
  }
  await new Promise((r) => out.end(r));
}

function run(cmd, argv, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const wall = (performance.now() - started) / 1000;
      if (code !== 0 && !options.allowFailure)
        reject(new Error(`${cmd} exited ${code ?? signal}: ${stderr}`));
      else resolve({ stdout, stderr, wall, code, signal, child });
    });
    options.onSpawn?.(child);
  });
}

const root = mkdtempSync(join(tmpdir(), "hftool-bench-"));
const repoDir = join(root, "repo");
mkdirSync(repoDir, { recursive: true });
process.stdout.write(`Preparing a ${MB(size)} file…\n`);
await writeRandomFile(join(repoDir, "model.safetensors"), size);

const results = [];
const report = (name, value, goal, ok) => {
  results.push({ name, value, goal, ok });
  process.stdout.write(
    `  ${ok === undefined ? " " : ok ? "✓" : "✗"} ${name.padEnd(52)} ${value.padEnd(22)} goal ${goal}\n`,
  );
};

async function withServer(options, fn) {
  const server = await createHubServer({ repos: { "bench/model": repoDir }, logRequests: false, ...options });
  try {
    // Warm-up: the server hashes the file once to answer like the Hub (ETag = sha256).
    await fetch(`${server.url}/api/models/bench/model/tree/main?recursive=true`).then((r) => r.text());
    return await fn(server);
  } finally {
    await server.close();
  }
}

const fileUrl = (server) => `${server.url}/bench/model/resolve/main/model.safetensors`;
async function hftool(server, extra = []) {
  const cacheDir = join(root, `cache-${Math.random().toString(36).slice(2)}`);
  try {
    const { stdout } = await run(process.execPath, [
      join(here, "child-hftool.mjs"),
      server.url,
      cacheDir,
      "bench/model",
      ...extra,
    ]);
    return JSON.parse(stdout.trim().split("\n").at(-1));
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
async function curl(server, pipeToSha = false) {
  const out = join(root, "curl.out");
  try {
    if (pipeToSha) {
      const { wall } = await run("sh", [
        "-c",
        `curl -sS --fail '${fileUrl(server)}' | sha256sum > /dev/null`,
      ]);
      return wall;
    }
    const { stdout } = await run("curl", [
      "-sS",
      "--fail",
      "-o",
      out,
      "-w",
      "%{time_total}",
      fileUrl(server),
    ]);
    return Number(stdout);
  } finally {
    rmSync(out, { force: true });
  }
}

if (!which("curl")) {
  process.stderr.write("curl is not installed: it is the reference these benchmarks compare against.\n");
  process.exit(1);
}

if (only.has("capped")) {
  process.stdout.write(
    `\nA CDN-like server capping each connection at ${rate(CAP, 1)} (${MB(size)}, ${runs} runs, medians)\n`,
  );
  await withServer({ throttleBytesPerSecond: CAP }, async (server) => {
    const ours = [];
    const theirs = [];
    for (let i = 0; i < runs; i++) {
      ours.push((await hftool(server)).seconds);
      theirs.push(await curl(server));
    }
    process.stdout.write(
      `    hftool (8 connections) ${median(ours).toFixed(2)} s (${rate(size, median(ours))}), curl ${median(theirs).toFixed(2)} s (${rate(size, median(theirs))})\n`,
    );
    const ratio = median(theirs) / median(ours);
    report("throughput vs curl (capped connections)", `${ratio.toFixed(2)}×`, "≥ 4×", ratio >= 4);
  });
}

if (only.has("loopback")) {
  process.stdout.write(`\nLoopback, no cap (${MB(size)}, ${runs} runs, medians)\n`);
  await withServer({}, async (server) => {
    const t = { hftool: [], curl: [], curlSha: [], hfjs: [] };
    for (let i = 0; i < runs; i++) {
      t.hftool.push((await hftool(server)).seconds);
      t.curl.push(await curl(server));
      t.curlSha.push(await curl(server, true));
      const cacheDir = join(root, "hfjs-cache");
      const { stdout } = await run(process.execPath, [
        join(here, "child-hfjs.mjs"),
        server.url,
        cacheDir,
        "bench/model",
        "model.safetensors",
      ]);
      rmSync(cacheDir, { recursive: true, force: true });
      t.hfjs.push(JSON.parse(stdout.trim().split("\n").at(-1)).seconds);
    }
    const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
    process.stdout.write(
      `    hftool ${m.hftool.toFixed(2)} s (${rate(size, m.hftool)}, verified), curl -o ${m.curl.toFixed(2)} s, curl | sha256sum ${m.curlSha.toFixed(2)} s, @huggingface/hub ${m.hfjs.toFixed(2)} s\n`,
    );
    report(
      "throughput vs curl -o (no verification)",
      `${(m.curl / m.hftool).toFixed(2)}×`,
      "≥ 0.9×",
      m.curl / m.hftool >= 0.9,
    );
    report(
      "throughput vs curl | sha256sum",
      `${(m.curlSha / m.hftool).toFixed(2)}×`,
      "≥ 1.0×",
      m.curlSha / m.hftool >= 1.0,
    );
    report(
      "throughput vs @huggingface/hub downloadFileToCacheDir",
      `${(m.hfjs / m.hftool).toFixed(2)}×`,
      "≥ 1.5×",
      m.hfjs / m.hftool >= 1.5,
    );
  });
}

if (only.has("resume")) {
  process.stdout.write(
    `\nResume: SIGKILL at 50 %, then run again (${MB(size)}, connections capped at ${rate(CAP, 1)})\n`,
  );
  await withServer({ throttleBytesPerSecond: CAP }, async (server) => {
    const cacheDir = join(root, "resume-cache");
    let child;
    const killed = run(
      process.execPath,
      [join(here, "child-hftool.mjs"), server.url, cacheDir, "bench/model"],
      {
        allowFailure: true,
        onSpawn: (c) => (child = c),
      },
    );
    while (server.bytesSent() < size / 2) await new Promise((r) => setTimeout(r, 5));
    child.kill("SIGKILL");
    await killed;
    const atKill = server.bytesSent();
    const { stdout } = await run(process.execPath, [
      join(here, "child-hftool.mjs"),
      server.url,
      cacheDir,
      "bench/model",
    ]);
    const second = JSON.parse(stdout.trim().split("\n").at(-1));
    const resent = server.bytesSent() - size;
    rmSync(cacheDir, { recursive: true, force: true });
    process.stdout.write(
      `    killed after ${MB(atKill)} sent; the second run resumed ${MB(second.resumedBytes)} and fetched ${MB(second.bytes)}\n`,
    );
    report(
      "bytes sent twice after an interruption at 50 %",
      `${MB(resent)} (${((resent / size) * 100).toFixed(2)} %)`,
      "≤ 1 %",
      resent <= size * 0.01,
    );
  });
}

if (only.has("memory")) {
  process.stdout.write(`\nMemory while downloading (${MB(size)}, loopback)\n`);
  await withServer({}, async (server) => {
    // The highest of the runs: the garbage collector frees network buffers at its own pace.
    const peaks = [];
    for (let i = 0; i < runs; i++) peaks.push((await hftool(server)).maxRssBytes);
    const maxRssBytes = Math.max(...peaks);
    report(
      `peak RSS of the downloading process (highest of ${runs})`,
      `${(maxRssBytes / 1e6).toFixed(0)} MB (${MB(maxRssBytes)})`,
      "≤ 150 MB",
      maxRssBytes <= 150 * 1000 * 1000,
    );
  });
}

rmSync(root, { recursive: true, force: true });
const failed = results.filter((r) => r.ok === false);
process.stdout.write(
  `\n${results.length - failed.length}/${results.length} goals met${size < 1024 ** 3 ? " (use --large for the 1 GiB reference size)" : ""}.\n`,
);
