import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";

const SHA = (c: string) => c.repeat(64);

/** Paths of the cache entries a test checks. */
export interface BrokenCache {
  cacheDir: string;
  goodLink: string;
  danglingLink: string;
  partial: string;
  partialState: string;
  pythonPartial: string;
  activePartial: string;
  staleLock: string;
  liveLock: string;
  pythonLock: string;
  deadPid: number;
}

/** The id of a process that has just exited on this machine. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid!;
}

function write(path: string, content: string, ageSeconds = 0): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  if (ageSeconds) {
    const then = new Date(Date.now() - ageSeconds * 1000);
    utimesSync(path, then, then);
  }
  return path;
}

/**
 * A Hugging Face cache with one of each problem: an interrupted hftool download (and its state
 * file) and an interrupted huggingface_hub one, a snapshot link to a blob that is gone, a lock
 * left by a dead process, next to healthy things that must be left alone: a good link, a
 * download in progress with its live lock, and huggingface_hub's empty lock file.
 */
export function createBrokenCache(cacheDir: string): BrokenCache {
  const repo = join(cacheDir, "models--org--tiny");
  const commit = "0123456789abcdef0123456789abcdef01234567";
  write(join(repo, "refs", "main"), commit);
  write(join(repo, "blobs", SHA("a")), "config bytes");
  const partial = write(join(repo, "blobs", `${SHA("b")}.hftool.incomplete`), "x".repeat(1000), 3600);
  const partialState = write(join(repo, "blobs", `${SHA("b")}.hftool.incomplete.json`), "{}", 3600);
  const pythonPartial = write(join(repo, "blobs", `${SHA("c")}.incomplete`), "y".repeat(500), 7200);
  const activePartial = write(join(repo, "blobs", `${SHA("d")}.hftool.incomplete`), "z".repeat(10));
  const snapshot = join(repo, "snapshots", commit);
  mkdirSync(join(snapshot, "onnx"), { recursive: true });
  const goodLink = join(snapshot, "config.json");
  symlinkSync(join("..", "..", "blobs", SHA("a")), goodLink);
  const danglingLink = join(snapshot, "onnx", "model.onnx");
  symlinkSync(join("..", "..", "..", "blobs", SHA("e")), danglingLink);
  const locks = join(cacheDir, ".locks", "models--org--tiny");
  const pid = deadPid();
  const staleLock = write(
    join(locks, `${SHA("b")}.hftool.lock`),
    JSON.stringify({ pid, host: hostname(), token: "t1", since: new Date().toISOString() }),
  );
  const liveLock = write(
    join(locks, `${SHA("d")}.hftool.lock`),
    JSON.stringify({ pid: process.pid, host: hostname(), token: "t2", since: new Date().toISOString() }),
  );
  const pythonLock = write(join(locks, `${SHA("a")}.lock`), "", 86_400);
  return {
    cacheDir,
    goodLink,
    danglingLink,
    partial,
    partialState,
    pythonPartial,
    activePartial,
    staleLock,
    liveLock,
    pythonLock,
    deadPid: pid,
  };
}
