import { readdir, rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { LOCK_SUFFIX, PARTIAL_STATE_SUFFIX, repoCachePaths } from "../internal/cache/cache-layout.js";
import { DEFAULT_LOCK_TIMING, inspectLock, isAbandoned } from "../internal/transfer/blob-lock.js";
import { parseRepoId } from "./parse-repo-id.js";
import { scanCache, type CachedRepo } from "./scan-cache.js";

/** Parameters of {@link pruneCache}. */
export interface PruneCacheParams {
  /** Hugging Face cache folder. @default HF_HUB_CACHE / HF_HOME/hub / ~/.cache/huggingface/hub */
  cacheDir?: string;
  /** Only this repo. @default every repo */
  repo?: string;
  /** Remove partial downloads (not ones a live process is writing). @default true */
  partials?: boolean;
  /** Remove old revisions that no branch or tag points at any more, and blobs only they used. @default true */
  revisions?: boolean;
  /** Report what would be removed without removing it. @default false */
  dryRun?: boolean;
  /** Leave other tools' partials alone if touched this recently (they may be downloading). @default 600000 */
  foreignPartialQuietMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** One thing pruning removed (or would remove). */
export interface PrunedEntry {
  kind: "partial" | "revision" | "blob" | "lock";
  repo: string;
  path: string;
  bytes: number;
  /** For revisions. */
  commit?: string;
}

export interface PruneCacheResult {
  removed: PrunedEntry[];
  freedBytes: number;
  dryRun: boolean;
}

/**
 * Frees space without losing anything in use: partial downloads (except ones being written),
 * revisions that no ref points at any more when a newer one is cached (a repo downloaded only by
 * commit hash is kept), the blobs only those revisions used, and lock files of dead processes.
 */
export async function pruneCache(params: PruneCacheParams = {}): Promise<PruneCacheResult> {
  const scan = await scanCache({
    ...(params.cacheDir ? { cacheDir: params.cacheDir } : {}),
    ...(params.repo ? { repo: params.repo } : {}),
    ...(params.env ? { env: params.env } : {}),
  });
  const removed: PrunedEntry[] = [];
  const dryRun = params.dryRun ?? false;
  const remove = async (entry: PrunedEntry, extra: string[] = []) => {
    removed.push(entry);
    if (!dryRun) for (const p of [entry.path, ...extra]) await rm(p, { recursive: true, force: true });
  };
  const quiet = params.foreignPartialQuietMs ?? 600_000;
  for (const repo of scan.repos) {
    if (params.partials !== false) {
      for (const partial of repo.partials) {
        if (partial.activeHolder) continue;
        if (partial.tool !== "hftool" && Date.now() - partial.lastModified.getTime() < quiet) continue;
        const sizeOnDisk = await stat(partial.path).then(
          (s) => s.blocks * 512,
          () => partial.bytesDone,
        );
        await remove(
          { kind: "partial", repo: repo.repo, path: partial.path, bytes: sizeOnDisk },
          partial.statePath ? [partial.statePath] : [],
        );
      }
      await removeOrphanStates(repo, remove);
    }
    if (params.revisions !== false) await pruneRevisions(scan.cacheDir, repo, remove);
    await removeDeadLocks(scan.cacheDir, repo, remove);
  }
  return { removed, freedBytes: removed.reduce((n, e) => n + e.bytes, 0), dryRun };
}

type Remover = (entry: PrunedEntry, extra?: string[]) => Promise<void>;

async function removeOrphanStates(repo: CachedRepo, remove: Remover): Promise<void> {
  const blobsDir = join(repo.folder, "blobs");
  const names = await readdir(blobsDir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.endsWith(PARTIAL_STATE_SUFFIX)) continue;
    const data = name.slice(0, -".json".length);
    if (!names.includes(data))
      await remove({ kind: "partial", repo: repo.repo, path: join(blobsDir, name), bytes: 0 });
  }
}

async function pruneRevisions(cacheDir: string, repo: CachedRepo, remove: Remover): Promise<void> {
  const referenced = repo.revisions.filter((r) => r.refs.length > 0);
  if (referenced.length === 0) return; // downloaded by commit only: nothing says it is old
  const detached = repo.revisions.filter((r) => r.refs.length === 0);
  if (detached.length === 0) return;
  const keptBlobs = new Set(
    referenced.flatMap((r) => r.files.map((f) => f.blob).filter((b): b is string => b !== undefined)),
  );
  const candidates = new Set<string>();
  const paths = repoCachePaths(cacheDir, parseRepoId(repo.repo));
  for (const revision of detached) {
    await remove(
      {
        kind: "revision",
        repo: repo.repo,
        path: revision.path,
        bytes: revision.files.filter((f) => !f.blob).reduce((n, f) => n + f.size, 0),
        commit: revision.commit,
      },
      [paths.tree(revision.commit), join(repo.folder, ".no_exist", revision.commit)],
    );
    for (const file of revision.files) if (file.blob && !keptBlobs.has(file.blob)) candidates.add(file.blob);
  }
  for (const blob of candidates) {
    const path = join(repo.folder, "blobs", blob);
    const bytes = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    if (
      bytes > 0 ||
      (await stat(path).then(
        () => true,
        () => false,
      ))
    )
      await remove({ kind: "blob", repo: repo.repo, path, bytes });
  }
}

async function removeDeadLocks(cacheDir: string, repo: CachedRepo, remove: Remover): Promise<void> {
  const locksDir = join(cacheDir, ".locks", basename(repo.folder));
  for (const name of await readdir(locksDir).catch(() => [] as string[])) {
    if (!name.endsWith(LOCK_SUFFIX)) continue;
    const path = join(locksDir, name);
    const holder = await inspectLock(path);
    if (holder && isAbandoned(holder, DEFAULT_LOCK_TIMING))
      await remove({ kind: "lock", repo: repo.repo, path, bytes: 0 });
  }
}
