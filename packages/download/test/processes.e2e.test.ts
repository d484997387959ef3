import { afterEach, describe, expect, it } from "@jest/globals";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { downloadSnapshot } from "../src/index.js";
import {
  expectCachedRepo,
  expectNoCorruptBlob,
  partialFiles,
  setupFixture,
  type Fixture,
} from "./helpers.js";

const MiB = 1024 * 1024;
const child = fileURLToPath(new URL("./fixtures/download-child.mjs", import.meta.url));
const built = existsSync(fileURLToPath(new URL("../dist/index.js", import.meta.url)));

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

function startChild(args: string[]): {
  process: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
} {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  proc.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  proc.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => proc.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { process: proc, done };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const describeBuilt = built ? describe : describe.skip;
if (!built)
  process.stderr.write(
    "Skipping process tests: build @hftool/download first (pnpm --filter @hftool/download build).\n",
  );

describeBuilt("downloads in separate processes", () => {
  it("resumes after the downloading process is killed with SIGKILL, re-fetching nothing that reached the disk", async () => {
    const size = 32 * MiB;
    // Throttled so the kill lands mid-download whatever the machine's speed.
    fixture = await setupFixture({ "model.safetensors": { size } }, { throttleBytesPerSecond: 3 * MiB });
    const run = startChild([fixture.server.url, fixture.cacheDir, "org/tiny", String(2 * MiB)]);
    await waitFor(() => fixture!.server.bytesSent() >= size / 2, "half of the file to be sent");
    run.process.kill("SIGKILL");
    const killed = await run.done;
    expect(killed.signal).toBe("SIGKILL");
    expect(partialFiles(fixture.cacheDir).length).toBeGreaterThan(0);
    expectNoCorruptBlob(fixture.cacheDir);

    // What really reached the disk: the matching prefix of each range (the layout is recorded up front).
    const blobs = join(fixture.cacheDir, "models--org--tiny", "blobs");
    const partial = readdirSync(blobs).find((n) => n.endsWith(".hftool.incomplete"))!;
    const layout = JSON.parse(readFileSync(join(blobs, `${partial}.json`), "utf8")) as {
      chunks: [number, number, number][];
    };
    const onDisk = readFileSync(join(blobs, partial));
    const source = fixture.files["model.safetensors"]!;
    let persisted = 0;
    for (const [start, end] of layout.chunks) {
      let n = 0;
      while (start + n < end && start + n < onDisk.length && onDisk[start + n] === source[start + n]) n++;
      persisted += n;
    }

    const sentBeforeResume = fixture.server.bytesSent();
    const result = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      chunkSize: 2 * MiB,
      maxWorkers: 4,
    });
    const resent = fixture.server.bytesSent() - size;
    process.stderr.write(
      `SIGKILL at ${((sentBeforeResume / size) * 100).toFixed(0)} %: ${persisted} bytes had reached the disk, ${result.resumedBytes} reused; ` +
        `${resent} bytes (${((resent / size) * 100).toFixed(2)} % of the file) sent twice, all of them lost in flight when the process died\n`,
    );
    // Every byte that reached the disk is reused (up to the final zeros of a range, re-fetched)…
    expect(result.resumedBytes).toBeGreaterThanOrEqual(persisted - 64 * 1024);
    expect(persisted).toBeGreaterThan(size * 0.3);
    // …and the second run fetches exactly the rest.
    expect(fixture.server.bytesSent() - sentBeforeResume).toBe(size - result.resumedBytes);
    expect(result.resumedBytes + result.bytesDownloaded).toBe(size);
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
    expect(partialFiles(fixture.cacheDir)).toEqual([]);
  });

  it("four processes downloading one repo make one copy, without corruption or hanging", async () => {
    const files = {
      "config.json": "{}\n",
      "onnx/model.onnx": { size: 12 * MiB },
      "onnx/model_q4.onnx": { size: 4 * MiB },
      "tokenizer.json": { size: 300_000 },
    };
    fixture = await setupFixture(files, { throttleBytesPerSecond: 4 * MiB });
    const runs = Array.from({ length: 4 }, () =>
      startChild([fixture!.server.url, fixture!.cacheDir, "org/tiny", String(2 * MiB)]),
    );
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) {
      expect({ code: r.code, stdout: r.stdout }).toMatchObject({ code: 0 });
      expect(JSON.parse(r.stdout.trim())).toMatchObject({ ok: true });
    }
    const total = Object.values(fixture.files).reduce((n, b) => n + b.length, 0);
    // Every byte went over the wire once, whoever fetched it.
    expect(fixture.server.bytesSent()).toBe(total);
    const downloaded = results.map(
      (r) => (JSON.parse(r.stdout.trim()) as { bytesDownloaded: number }).bytesDownloaded,
    );
    expect(downloaded.reduce((a, b) => a + b, 0)).toBe(total);
    expect(results.some((r) => r.stderr.includes('"type":"waiting"'))).toBe(true);
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
    expect(partialFiles(fixture.cacheDir)).toEqual([]);
    expect(readdirSync(join(fixture.cacheDir, ".locks", "models--org--tiny"))).toEqual([]);
  });

  it("takes over the lock of a process that died holding it", async () => {
    fixture = await setupFixture(
      { "onnx/model.onnx": { size: 8 * MiB } },
      { throttleBytesPerSecond: 2 * MiB },
    );
    const run = startChild([fixture.server.url, fixture.cacheDir, "org/tiny", String(MiB)]);
    await waitFor(() => fixture!.server.bytesSent() >= MiB, "the first process to start downloading");
    run.process.kill("SIGKILL");
    await run.done;
    const locks = readdirSync(join(fixture.cacheDir, ".locks", "models--org--tiny"));
    expect(locks.some((n) => n.endsWith(".hftool.lock"))).toBe(true);
    const second = startChild([fixture.server.url, fixture.cacheDir, "org/tiny", String(MiB)]);
    const result = await second.done;
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ ok: true });
    expect(result.stderr).not.toContain('"type":"waiting"');
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
  });
});
