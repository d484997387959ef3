import { hostname } from "node:os";
import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { HftoolError } from "../errors/hftool-error.js";

/** Parameters of {@link withFileLock}. */
export interface WithFileLockParams<T> {
  /** The lock file to create (its folder is created when missing). */
  path: string;
  /** Work done while holding the lock. */
  fn: () => Promise<T>;
  /** A lock older than this is taken over even if its owner seems alive. @default 30000 */
  staleMs?: number;
  /** Give up waiting after this long. @default 10000 */
  timeoutMs?: number;
  /** Stop waiting when aborted. */
  signal?: AbortSignal;
}

interface Owner {
  pid: number;
  host: string;
  time: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The lock's contents when it is stale (so the caller can check it is still the same lock), else undefined. */
async function staleLock(path: string, staleMs: number): Promise<string | undefined> {
  let text: string;
  let age: number;
  try {
    text = await readFile(path, "utf8");
    age = Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return undefined; // released meanwhile: just try again
  }
  let owner: Owner | undefined;
  try {
    owner = JSON.parse(text) as Owner;
  } catch {
    // being written right now, or garbage: judge by age alone
  }
  if (owner && owner.host === hostname() && !alive(owner.pid)) return text;
  return age > staleMs ? text : undefined;
}

/** Removes a stale lock unless another process replaced it since we looked. */
async function removeIfUnchanged(path: string, seen: string): Promise<void> {
  try {
    if ((await readFile(path, "utf8")) === seen) await rm(path, { force: true });
  } catch {
    // already gone
  }
}

/**
 * Runs `fn` while holding an exclusive lock file (created with O_EXCL, holding pid, host and time),
 * so processes on one machine take turns. A lock whose process is gone, or that is older than
 * `staleMs`, is taken over: an interrupted run never blocks the next one. Nobody waits forever.
 *
 * @throws {HftoolError} `LOCK_TIMEOUT` when the lock stays busy past `timeoutMs`.
 */
export async function withFileLock<T>({
  path,
  fn,
  staleMs = 30_000,
  timeoutMs = 10_000,
  signal,
}: WithFileLockParams<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const handle = await open(path, "wx");
      try {
        await handle.writeFile(
          JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now() } satisfies Owner),
        );
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const stale = await staleLock(path, staleMs);
      if (stale !== undefined) {
        await removeIfUnchanged(path, stale);
        continue;
      }
      if (Date.now() > deadline) {
        throw new HftoolError(
          "LOCK_TIMEOUT",
          `Another hftool process has held ${path} for over ${Math.round(timeoutMs / 1000)} s.`,
          {
            hint: `If no other hftool is running, delete ${path} and try again.`,
            details: { path },
          },
        );
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 200);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}
