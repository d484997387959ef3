import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat, utimes } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname } from "node:path";

/** What a lock file records about its holder. */
export interface LockInfo {
  pid: number;
  host: string;
  /** Random id, to tell our lock from a takeover's. */
  token: string;
  since: string;
}

export interface LockTiming {
  /** A lock whose heartbeat is older than this is abandoned. @default 60000 */
  staleMs: number;
  /** How often the holder touches its lock. @default staleMs / 4 */
  heartbeatMs: number;
  /** How often a waiter looks again. @default 500 */
  pollMs: number;
}

export const DEFAULT_LOCK_TIMING: LockTiming = { staleMs: 60_000, heartbeatMs: 15_000, pollMs: 500 };

/** A held lock: keep it fresh, notice when it was taken over, release it. */
export interface HeldLock {
  readonly path: string;
  /** Rejects-free: resolves false when another process took the lock over (we stalled too long). */
  stillOurs(): Promise<boolean>;
  release(): Promise<void>;
}

/** Why a lock could not be taken right now. */
export interface LockHolder {
  info: LockInfo | undefined;
  /** Milliseconds since the holder's last heartbeat. */
  ageMs: number;
}

/**
 * Per-blob download lock: a file created with O_EXCL holding pid, host and a random token, kept
 * fresh by a heartbeat (its mtime). Unlike a `flock`, it works the same on every file system and
 * can be inspected: a lock whose process is dead (same host) or whose heartbeat stopped is taken
 * over, so an interrupted run never leaves anyone "waiting to acquire lock" forever.
 */
export async function tryAcquireLock(
  path: string,
  timing: LockTiming = DEFAULT_LOCK_TIMING,
): Promise<HeldLock | LockHolder> {
  await mkdir(dirname(path), { recursive: true });
  for (let round = 0; round < 3; round++) {
    const info: LockInfo = {
      pid: process.pid,
      host: hostname(),
      token: randomBytes(8).toString("hex"),
      since: new Date().toISOString(),
    };
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(JSON.stringify(info));
      await handle.close();
      return hold(path, info, timing);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = await inspectLock(path);
    if (!holder) continue; // released between our attempts
    if (!isAbandoned(holder, timing)) return holder;
    // Move the abandoned lock aside; of several processes doing this at once only one rename succeeds.
    const aside = `${path}.stale-${randomBytes(4).toString("hex")}`;
    try {
      await rename(path, aside);
      await rm(aside, { force: true });
    } catch {
      // someone else took it over first
    }
  }
  return (await inspectLock(path)) ?? { info: undefined, ageMs: 0 };
}

export async function inspectLock(path: string): Promise<LockHolder | undefined> {
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
  let info: LockInfo | undefined;
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as Partial<LockInfo>;
    if (typeof parsed.pid === "number" && typeof parsed.host === "string") info = parsed as LockInfo;
  } catch {
    // being written right now, or not ours: judged by age alone
  }
  return { info, ageMs: Date.now() - mtimeMs };
}

/** Dead process on this host, or no heartbeat for `staleMs`. */
export function isAbandoned(holder: LockHolder, timing: LockTiming): boolean {
  if (holder.info && holder.info.host === hostname() && !isProcessAlive(holder.info.pid)) return true;
  return holder.ageMs > timing.staleMs;
}

export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function hold(path: string, info: LockInfo, timing: LockTiming): HeldLock {
  let released = false;
  const beat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => {});
  }, timing.heartbeatMs);
  beat.unref();
  const ours = async () => {
    try {
      const current = JSON.parse(await readFile(path, "utf8")) as Partial<LockInfo>;
      return current.token === info.token;
    } catch {
      return false;
    }
  };
  return {
    path,
    stillOurs: ours,
    async release() {
      if (released) return;
      released = true;
      clearInterval(beat);
      if (await ours()) await rm(path, { force: true });
    },
  };
}

export function isHeldLock(value: HeldLock | LockHolder): value is HeldLock {
  return typeof (value as HeldLock).release === "function";
}

export function describeHolder(holder: LockHolder): string | undefined {
  if (!holder.info) return undefined;
  return holder.info.host === hostname()
    ? `pid ${holder.info.pid}`
    : `pid ${holder.info.pid} on ${holder.info.host}`;
}
