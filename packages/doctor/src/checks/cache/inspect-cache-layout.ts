import type { Dirent } from "node:fs";
import { lstat, readdir, readFile, readlink, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { CacheInspection, InspectCacheParams, StaleLock } from "./cache-inspection.js";

/** A lock not refreshed for this long is abandoned (@hftool/download's holders touch theirs every 15 s). */
const STALE_LOCK_MS = 60_000;

/**
 * huggingface_hub's partials (`<etag>.incomplete`) have no lock to ask, so one touched this
 * recently may be downloading right now (the cache engine's prune waits as long).
 */
const FOREIGN_PARTIAL_QUIET_MS = 600_000;

/**
 * STAND-IN for @hftool/download's cache inspection (`scanCache`, `verifyCache`): reads only the
 * cache layout and hashes nothing, so `corruptBlobs` stays empty and `hashesChecked` false
 * (`hftool cache verify` hashes blobs). It finds hftool partials (`<etag>.hftool.incomplete`)
 * without a live lock, huggingface_hub partials (`<etag>.incomplete`) untouched for 10 minutes,
 * snapshot links whose blob is gone, and `.hftool.lock` files whose process is gone or whose
 * heartbeat stopped.
 */
export async function inspectCacheLayout({
  cacheDir,
  signal,
  hostname,
  isProcessAlive,
  now,
}: InspectCacheParams): Promise<CacheInspection> {
  const result: CacheInspection = {
    cacheDir,
    exists: false,
    repos: [],
    partials: [],
    danglingLinks: [],
    staleLocks: [],
    corruptBlobs: [],
    hashesChecked: false,
  };
  const top = await readdir(cacheDir, { withFileTypes: true }).catch(() => undefined);
  if (!top) return result;
  result.exists = true;
  const locks = await readLocks(join(cacheDir, ".locks"), { hostname, isProcessAlive, now, signal });
  result.staleLocks = locks.stale;
  for (const entry of top) {
    signal.throwIfAborted();
    const match = /^(models|datasets|spaces)--(.+)$/.exec(entry.name);
    if (!match || !entry.isDirectory()) continue;
    const repo = match[2]!.split("--").join("/");
    const repoDir = join(cacheDir, entry.name);
    let bytes = 0;
    for (const blob of await readdir(join(repoDir, "blobs"), { withFileTypes: true }).catch(
      () => [] as Dirent[],
    )) {
      if (!blob.isFile()) continue;
      const path = join(repoDir, "blobs", blob.name);
      const info = await stat(path).catch(() => undefined);
      if (!info) continue;
      bytes += info.size;
      const ours = /^(.+)\.hftool\.incomplete$/.exec(blob.name);
      const interrupted = ours
        ? !locks.live.has(join(entry.name, ours[1]!))
        : blob.name.endsWith(".incomplete") && now.getTime() - info.mtimeMs > FOREIGN_PARTIAL_QUIET_MS;
      if (interrupted) {
        result.partials.push({ repo, path, bytes: info.size, modifiedAt: info.mtime.toISOString() });
      }
    }
    result.repos.push({ repo, bytes });
    for (const link of await walkLinks(join(repoDir, "snapshots"), signal)) {
      const target = await readlink(link).catch(() => undefined);
      if (target === undefined) continue;
      const exists = await stat(link).then(
        () => true,
        () => false,
      );
      if (!exists) result.danglingLinks.push({ repo, path: link, target: resolve(dirname(link), target) });
    }
  }
  return result;
}

/** Every symbolic link under `dir` (snapshot trees hold links into `blobs/`). */
async function walkLinks(dir: string, signal: AbortSignal): Promise<string[]> {
  const links: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [] as Dirent[]);
  for (const entry of entries) {
    signal.throwIfAborted();
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) links.push(path);
    else if (entry.isDirectory()) links.push(...(await walkLinks(path, signal)));
  }
  return links;
}

/**
 * hftool's locks (`.locks/<repo>/<etag>.hftool.lock`, JSON with pid and host, refreshed by a
 * heartbeat): the live ones by `<repo folder>/<etag>`, and the stale ones. huggingface_hub's
 * `.lock` files are empty `flock` targets that stay behind after every run, so nothing about them
 * says "stale": they are left alone.
 */
async function readLocks(
  locksDir: string,
  options: { hostname: string; isProcessAlive(pid: number): boolean; now: Date; signal: AbortSignal },
): Promise<{ live: Set<string>; stale: StaleLock[] }> {
  const live = new Set<string>();
  const stale: StaleLock[] = [];
  const folders = await readdir(locksDir, { withFileTypes: true }).catch(() => [] as Dirent[]);
  for (const folder of folders) {
    if (!folder.isDirectory()) continue;
    for (const name of await readdir(join(locksDir, folder.name)).catch(() => [] as string[])) {
      options.signal.throwIfAborted();
      if (!name.endsWith(".hftool.lock")) continue;
      const path = join(locksDir, folder.name, name);
      const info = await lstat(path).catch(() => undefined);
      if (!info) continue;
      const ageMs = Math.max(0, options.now.getTime() - info.mtimeMs);
      let owner: { pid?: unknown; host?: unknown } = {};
      try {
        owner = JSON.parse(await readFile(path, "utf8")) as typeof owner;
      } catch {
        // Half-written or foreign: judged by age alone.
      }
      const pid = typeof owner.pid === "number" ? owner.pid : undefined;
      const host = typeof owner.host === "string" ? owner.host : undefined;
      const base = { path, ageMs, ...(pid !== undefined ? { pid } : {}), ...(host ? { host } : {}) };
      if (pid !== undefined && host === options.hostname && !options.isProcessAlive(pid)) {
        stale.push({ ...base, reason: "process-gone" });
      } else if (ageMs > STALE_LOCK_MS) {
        stale.push({ ...base, reason: "no-heartbeat" });
      } else {
        live.add(join(folder.name, name.slice(0, -".hftool.lock".length)));
      }
    }
  }
  return { live, stale };
}
