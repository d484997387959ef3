import { readFile, stat } from "node:fs/promises";
import type { CacheInspection, InspectCacheParams, StaleLock } from "./cache-inspection.js";

/** A partial Python may still be writing (it shows no holder) counts as interrupted only after this. */
const FOREIGN_PARTIAL_QUIET_MS = 10 * 60 * 1000;

/**
 * The cache check's view of the model cache, from @hftool/download's own scanner (the one the
 * `download`, `status` and `cache` commands use), so doctor and the cache engine never disagree
 * about what a partial download, a dangling link or a stale lock is.
 */
export async function inspectCacheWithDownload(params: InspectCacheParams): Promise<CacheInspection> {
  const { scanCache, pruneCache } = await import("@hftool/download");
  const scan = await scanCache({ cacheDir: params.cacheDir });
  params.signal.throwIfAborted();
  const now = params.now.getTime();
  const inspection: CacheInspection = {
    cacheDir: params.cacheDir,
    exists: scan.exists,
    repos: scan.repos.map((r) => ({ repo: r.repo, bytes: r.sizeOnDisk })),
    partials: scan.partials
      .filter((p) => p.activeHolder === undefined)
      .filter((p) => p.tool === "hftool" || now - p.lastModified.getTime() > FOREIGN_PARTIAL_QUIET_MS)
      .map((p) => ({
        repo: p.repo,
        path: p.path,
        bytes: p.bytesDone,
        modifiedAt: p.lastModified.toISOString(),
      })),
    danglingLinks: scan.repos.flatMap((r) =>
      r.revisions.flatMap((rev) =>
        rev.files
          .filter((f) => !f.present)
          .map((f) => ({ repo: r.repo, path: f.localPath, target: `${r.folder}/blobs/${f.blob ?? "?"}` })),
      ),
    ),
    staleLocks: [],
    corruptBlobs: [],
    hashesChecked: false,
  };
  if (!scan.exists) return inspection;
  const { removed } = await pruneCache({
    cacheDir: params.cacheDir,
    partials: false,
    revisions: false,
    dryRun: true,
  });
  for (const entry of removed.filter((e) => e.kind === "lock")) {
    const lock: StaleLock = { path: entry.path, ageMs: 0, reason: "no-heartbeat" };
    try {
      lock.ageMs = Math.max(0, now - (await stat(entry.path)).mtimeMs);
      const owner = JSON.parse(await readFile(entry.path, "utf8")) as { pid?: unknown; host?: unknown };
      if (typeof owner.pid === "number") lock.pid = owner.pid;
      if (typeof owner.host === "string") lock.host = owner.host;
      if (lock.pid !== undefined && lock.host === params.hostname && !params.isProcessAlive(lock.pid)) {
        lock.reason = "process-gone";
      }
    } catch {
      // unreadable lock: stale by its age alone
    }
    inspection.staleLocks.push(lock);
  }
  return inspection;
}
