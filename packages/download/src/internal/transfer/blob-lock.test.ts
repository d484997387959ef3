import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { isHeldLock, tryAcquireLock, type LockTiming } from "./blob-lock.js";

const timing: LockTiming = { staleMs: 60_000, heartbeatMs: 15_000, pollMs: 100 };
let dir: string;
let lockPath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "hftool-lock-"));
  lockPath = join(dir, "locks", "x.hftool.lock");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(result.stdout);
}

describe("download locks", () => {
  it("is exclusive and names its holder", async () => {
    const first = await tryAcquireLock(lockPath, timing);
    expect(isHeldLock(first)).toBe(true);
    const second = await tryAcquireLock(lockPath, timing);
    expect(isHeldLock(second)).toBe(false);
    if (!isHeldLock(second)) expect(second.info?.pid).toBe(process.pid);
    if (isHeldLock(first)) await first.release();
    expect(existsSync(lockPath)).toBe(false);
    const third = await tryAcquireLock(lockPath, timing);
    expect(isHeldLock(third)).toBe(true);
    if (isHeldLock(third)) await third.release();
  });

  it("takes over a lock whose process is dead", async () => {
    mkdirSync(join(dir, "locks"), { recursive: true });
    writeFileSync(
      lockPath,
      JSON.stringify({ pid: deadPid(), host: hostname(), token: "old", since: new Date().toISOString() }),
    );
    const lock = await tryAcquireLock(lockPath, timing);
    expect(isHeldLock(lock)).toBe(true);
    expect(JSON.parse(readFileSync(lockPath, "utf8")).pid).toBe(process.pid);
    if (isHeldLock(lock)) await lock.release();
  });

  it("takes over a lock whose heartbeat stopped (another host, or a frozen process)", async () => {
    mkdirSync(join(dir, "locks"), { recursive: true });
    writeFileSync(
      lockPath,
      JSON.stringify({ pid: 1, host: "elsewhere", token: "old", since: "2020-01-01T00:00:00Z" }),
    );
    expect(isHeldLock(await tryAcquireLock(lockPath, timing))).toBe(false);
    const old = new Date(Date.now() - 120_000);
    utimesSync(lockPath, old, old);
    const lock = await tryAcquireLock(lockPath, timing);
    expect(isHeldLock(lock)).toBe(true);
    if (isHeldLock(lock)) {
      expect(await lock.stillOurs()).toBe(true);
      await lock.release();
    }
  });

  it("does not remove a lock another process took over", async () => {
    const lock = await tryAcquireLock(lockPath, timing);
    if (!isHeldLock(lock)) throw new Error("expected the lock");
    writeFileSync(
      lockPath,
      JSON.stringify({ pid: 1, host: "elsewhere", token: "new", since: new Date().toISOString() }),
    );
    expect(await lock.stillOurs()).toBe(false);
    await lock.release();
    expect(existsSync(lockPath)).toBe(true);
  });
});
