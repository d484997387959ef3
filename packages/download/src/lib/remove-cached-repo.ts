import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { CacheInUseError } from "../errors.js";
import { LOCK_SUFFIX, repoCachePaths } from "../internal/cache/cache-layout.js";
import { isCommitHash } from "../internal/safe-path.js";
import { resolveSettings } from "../internal/settings.js";
import {
  DEFAULT_LOCK_TIMING,
  describeHolder,
  inspectLock,
  isAbandoned,
} from "../internal/transfer/blob-lock.js";
import { formatRepoId, parseRepoId } from "./parse-repo-id.js";
import { scanRepo } from "./scan-cache.js";

/** Parameters of {@link removeCachedRepo}. */
export interface RemoveCachedRepoParams {
  /** Repo id (`org/name`, `datasets/org/name`). */
  repo: string;
  /** Remove only this revision (branch, tag or commit) and the blobs no other revision uses. @default the whole repo */
  revision?: string;
  /** Hugging Face cache folder. @default HF_HUB_CACHE / HF_HOME/hub / ~/.cache/huggingface/hub */
  cacheDir?: string;
  /** Report without removing. @default false */
  dryRun?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface RemoveCachedRepoResult {
  repo: string;
  /** False when the repo (or revision) was not in the cache. */
  found: boolean;
  /** Bytes freed (or that would be). */
  freedBytes: number;
  /** Folders and files removed. */
  removed: string[];
}

/**
 * Deletes a repo (or one revision of it) from the cache, partial downloads and locks included.
 * Refuses while another process is downloading into it.
 *
 * @throws {CacheInUseError} when a live download holds one of the repo's locks.
 */
export async function removeCachedRepo(params: RemoveCachedRepoParams): Promise<RemoveCachedRepoResult> {
  const settings = resolveSettings({
    ...(params.cacheDir ? { cacheDir: params.cacheDir } : {}),
    ...(params.env ? { env: params.env } : {}),
    token: false,
  });
  const id = parseRepoId(params.repo);
  const repo = formatRepoId(id);
  const paths = repoCachePaths(settings.cacheDir, id);
  const scanned = await scanRepo(paths, id);
  const exists = scanned.revisions.length > 0 || scanned.blobCount > 0 || scanned.partials.length > 0;
  if (!exists) return { repo, found: false, freedBytes: 0, removed: [] };
  for (const name of await readdir(paths.locksDir).catch(() => [] as string[])) {
    if (!name.endsWith(LOCK_SUFFIX)) continue;
    const holder = await inspectLock(join(paths.locksDir, name));
    if (holder && !isAbandoned(holder, DEFAULT_LOCK_TIMING)) {
      throw new CacheInUseError({
        repo,
        holder: describeHolder(holder) ?? "another process",
        lockPath: join(paths.locksDir, name),
      });
    }
  }

  if (params.revision === undefined) {
    const freed = scanned.sizeOnDisk + scanned.partials.reduce((n, p) => n + p.bytesDone, 0);
    if (!params.dryRun) {
      await rm(paths.repoDir, { recursive: true, force: true });
      await rm(paths.locksDir, { recursive: true, force: true });
    }
    return { repo, found: true, freedBytes: freed, removed: [paths.repoDir] };
  }

  const commit = isCommitHash(params.revision) ? params.revision : scanned.refs[params.revision];
  const target = scanned.revisions.find((r) => r.commit === commit);
  if (!target) return { repo, found: false, freedBytes: 0, removed: [] };
  const others = scanned.revisions.filter((r) => r !== target);
  const keep = new Set(others.flatMap((r) => r.files.map((f) => f.blob)));
  const removed = [target.path];
  let freed = target.files.filter((f) => !f.blob).reduce((n, f) => n + f.size, 0);
  for (const file of target.files) {
    if (file.blob && !keep.has(file.blob)) {
      const path = paths.blob(file.blob);
      if (!removed.includes(path)) {
        removed.push(path);
        freed += file.size;
      }
    }
  }
  const refs = Object.entries(scanned.refs)
    .filter(([, c]) => c === target.commit)
    .map(([name]) => paths.ref(name));
  removed.push(...refs, paths.tree(target.commit));
  if (!params.dryRun) for (const p of removed) await rm(p, { recursive: true, force: true });
  return { repo, found: true, freedBytes: freed, removed };
}
