import { AbortError, UsageError } from "@hftool/core";
import { mkdir, stat, statfs, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  DiskSpaceError,
  HubProtocolError,
  HubUnavailableError,
  NoMatchingFilesError,
  OfflineCacheMissError,
} from "../errors.js";
import { repoCachePaths, type RepoCachePaths } from "../internal/cache/cache-layout.js";
import { linkSnapshotFile } from "../internal/cache/link-snapshot-file.js";
import { writeRef } from "../internal/cache/refs.js";
import { blobNameOf, writeTreeCache } from "../internal/cache/tree-cache.js";
import { createHttpSession } from "../internal/http/http-session.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../internal/http/retry-policy.js";
import { assertSafeBlobName, assertSafeRepoPath, assertSafeRevision } from "../internal/safe-path.js";
import { resolveSettings, type HubConnectionParams } from "../internal/settings.js";
import { DEFAULT_LOCK_TIMING } from "../internal/transfer/blob-lock.js";
import { blobIsComplete, fetchBlob, type TransferOptions } from "../internal/transfer/fetch-blob.js";
import { Hasher } from "../internal/transfer/hasher.js";
import { findForeignPartial, readPartialState } from "../internal/transfer/partial-state.js";
import { RateMeter } from "../internal/transfer/rate-meter.js";
import { Semaphore } from "../internal/transfer/semaphore.js";
import { filterRepoFiles } from "./filter-repo-files.js";
import { listCachedRepoFiles, listRepoFiles, type RepoFile } from "./list-repo-files.js";
import { formatRepoId, parseRepoId, type RepoId } from "./parse-repo-id.js";

/** Parameters of {@link downloadSnapshot}. */
export interface DownloadSnapshotParams extends HubConnectionParams {
  /** Repo id: `org/name`, `datasets/org/name`, `spaces/org/name`. */
  repo: string;
  /** Branch, tag or commit hash. @default "main" */
  revision?: string;
  /** Download only files matching one of these globs (`hf download --include` rules: `*` crosses `/`). @default all */
  include?: readonly string[];
  /** Skip files matching one of these globs. @default none */
  exclude?: readonly string[];
  /** Download again even what is cached (the new copy replaces the old only once verified). @default false */
  force?: boolean;
  /** Continue partial downloads; `false` starts them over. @default true */
  resume?: boolean;
  /** Connections in parallel, over all files and ranges. @default 8 */
  maxWorkers?: number;
  /** Only work out what would be downloaded: files, sizes, what is cached or partial. Writes nothing. @default false */
  dryRun?: boolean;
  /** Check free disk space against what is left to fetch before starting. @default true */
  checkDiskSpace?: boolean;
  /** Cancels the download; partial files are kept for the next run. */
  signal?: AbortSignal;
  /** Progress events (see {@link DownloadEvent}). Called synchronously; keep it cheap. */
  onProgress?: (event: DownloadEvent) => void;
  /** A request that receives nothing for this long is retried. @default HF_HUB_DOWNLOAD_TIMEOUT, else 30000 */
  stallTimeoutMs?: number;
  /** Retries and backoff. @default { maxRetries: 5, baseDelayMs: 500, maxDelayMs: 30000, maxRetryAfterMs: 120000 } */
  retry?: Partial<RetryPolicy>;
  /** Bytes per range request for large files. @default chosen from the file size (16–128 MiB) */
  chunkSize?: number;
  /** A download lock whose owner stopped updating it for this long is taken over. @default 60000 */
  lockStaleMs?: number;
  /** Give up waiting for another process's download after this long without progress. @default 600000 */
  lockWaitTimeoutMs?: number;
  /** Minimum time between two `progress` events of one file. @default 200 */
  progressIntervalMs?: number;
}

/** A file as the plan sees it. */
export interface PlannedFile {
  path: string;
  size: number;
  /** Already in the cache, verified size: nothing to fetch. */
  cached: boolean;
  /** Bytes a partial download already holds (an estimate before the download starts). */
  resumeBytes: number;
}

/** Progress of a snapshot download. Byte counts cover the files still to fetch (cached ones are not counted). */
export type DownloadEvent =
  | {
      type: "plan";
      repo: string;
      revision: string;
      commit: string;
      files: PlannedFile[];
      /** Bytes of the files to fetch (including what partials already hold). */
      totalBytes: number;
      cachedBytes: number;
      resumeBytes: number;
      fromCache: boolean;
    }
  | { type: "file-start"; repo: string; path: string; size: number; resumedBytes: number }
  | {
      type: "progress";
      repo: string;
      path: string;
      fileBytes: number;
      fileSize: number;
      /** Done over all files: resumed + downloaded. */
      bytes: number;
      totalBytes: number;
      resumedBytes: number;
      downloadedBytes: number;
      /** Over the last few seconds. */
      bytesPerSecond: number;
      /** Seconds left at the current rate, when known. */
      etaSeconds: number | undefined;
    }
  | {
      type: "file-done";
      repo: string;
      path: string;
      size: number;
      downloadedBytes: number;
      outcome: "downloaded" | "other-process" | "cached";
      /** `sha256` or `git-sha1` when the content was checked against its checksum. */
      verified: string | undefined;
    }
  | { type: "retry"; repo: string; path: string; attempt: number; delayMs: number; reason: string }
  | { type: "restart"; repo: string; path: string; reason: string; discardedBytes: number }
  | {
      type: "waiting";
      repo: string;
      path: string;
      holder: string | undefined;
      otherBytes: number | undefined;
    }
  | { type: "offline-fallback"; repo: string; reason: string }
  | {
      type: "done";
      repo: string;
      commit: string;
      bytesDownloaded: number;
      resumedBytes: number;
      elapsedMs: number;
    };

/** One file of the snapshot after the download. */
export interface SnapshotFile {
  path: string;
  size: number;
  /** Was in the cache already (or, in a dry run, would not be fetched). */
  cached: boolean;
  /** Bytes of a partial download that were reused. */
  resumedBytes: number;
  /** Bytes fetched for it now. */
  downloadedBytes: number;
  /** Absolute path of the file inside the snapshot folder. */
  localPath: string;
}

/** What {@link downloadSnapshot} did. */
export interface DownloadSnapshotResult {
  repo: string;
  revision: string;
  commit: string;
  /** Absolute `snapshots/<commit>` folder: point a model loader here. */
  snapshotPath: string;
  files: SnapshotFile[];
  /** Bytes fetched from the network in this call. */
  bytesDownloaded: number;
  /** Bytes reused from partial downloads. */
  resumedBytes: number;
  /** Bytes of all selected files. */
  totalBytes: number;
  /** The listing came from the cache (offline mode, or the Hub was unreachable and the cache complete). */
  fromCache: boolean;
  dryRun: boolean;
  elapsedMs: number;
}

/**
 * Downloads a repo (or the files of it that match `include`/`exclude`) into the Hugging Face
 * cache, the way Python `huggingface_hub` lays it out, so both share models. Files download in
 * parallel and large files in parallel ranges; every transfer resumes (also after a crash), is
 * retried on network errors with backoff and `Retry-After`, and is verified against its sha256 /
 * git sha1 while it streams. A blob only enters `blobs/` once verified.
 *
 * @throws {RepoNotFoundError | RevisionNotFoundError | GatedRepoError | HubAuthError} as the Hub answers.
 * @throws {NoMatchingFilesError} when the patterns select nothing.
 * @throws {DiskSpaceError} when the disk cannot hold what is left to fetch (before starting, or midway).
 * @throws {ChecksumMismatchError | SizeMismatchError} when the server keeps sending damaged data.
 * @throws {OfflineCacheMissError} offline, when the cache lacks something (the error lists it).
 * @throws {HubUnavailableError} when the server cannot be reached (after retries).
 * @throws {AbortError} when `signal` aborts.
 */
export async function downloadSnapshot(params: DownloadSnapshotParams): Promise<DownloadSnapshotResult> {
  // The hashing thread starts while the file list is fetched.
  const hasher = params.dryRun ? undefined : new Hasher();
  hasher?.acquire();
  hasher?.warm();
  try {
    return await download(params, hasher);
  } catch (error) {
    // A full disk while writing refs, listings or links (the blob writes map it themselves).
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === "ENOSPC" || code === "EDQUOT") {
      const cacheDir = resolveSettings(params).cacheDir;
      throw new DiskSpaceError({
        directory: cacheDir,
        neededBytes: 0,
        freeBytes: (await freeBytes(cacheDir)) ?? 0,
        midway: true,
      });
    }
    throw error;
  } finally {
    hasher?.release();
  }
}

async function download(
  params: DownloadSnapshotParams,
  hasher: Hasher | undefined,
): Promise<DownloadSnapshotResult> {
  const started = Date.now();
  const settings = resolveSettings(params);
  const id = parseRepoId(params.repo);
  const repo = formatRepoId(id);
  const revision = params.revision ?? "main";
  assertSafeRevision(revision, { repo });
  const maxWorkers = params.maxWorkers ?? 8;
  if (!Number.isInteger(maxWorkers) || maxWorkers < 1 || maxWorkers > 64) {
    throw new UsageError(`maxWorkers must be a whole number from 1 to 64 (got ${maxWorkers}).`);
  }
  const emit = params.onProgress ?? (() => {});
  const paths = repoCachePaths(settings.cacheDir, id);
  const include = params.include ?? [];
  const exclude = params.exclude ?? [];

  // 1. What is in the repo at this revision (from the Hub, or from the cache when offline).
  let listing: { commit: string; files: RepoFile[]; fromCache: boolean };
  if (settings.offline) {
    listing = await listOffline(paths, repo, revision, settings.cacheDir, include, exclude);
  } else {
    try {
      const online = await listRepoFiles({
        repo,
        revision,
        endpoint: settings.endpoint,
        token: settings.token ?? false,
        cacheDir: settings.cacheDir,
        offline: false,
        env: settings.env,
        ...(params.proxy !== undefined ? { proxy: params.proxy } : {}),
        ...(params.signal ? { signal: params.signal } : {}),
        ...(params.retry ? { retry: params.retry } : {}),
      });
      listing = online;
    } catch (error) {
      // Like huggingface_hub: when the Hub cannot be reached, a complete cached copy still works.
      if (!(error instanceof HubUnavailableError)) throw error;
      const cached = await listOffline(paths, repo, revision, settings.cacheDir, include, exclude).catch(
        () => undefined,
      );
      if (!cached) throw error;
      emit({ type: "offline-fallback", repo, reason: error.message });
      listing = cached;
    }
  }
  const { commit } = listing;
  const selected = filterRepoFiles({ files: listing.files, include, exclude });
  if (selected.length === 0 && (include.length > 0 || exclude.length > 0)) {
    throw new NoMatchingFilesError({
      repo,
      revision,
      include,
      exclude,
      sample: listing.files.map((f) => f.path),
    });
  }
  const snapshotPath = paths.snapshot(commit);

  // 2. The plan: one entry per blob (identical files share one), with what is cached or partial.
  const blobs = new Map<string, { size: number; paths: string[] }>();
  for (const file of selected) {
    assertSafeRepoPath(file.path, { repo });
    const etag = blobNameOf(file);
    if (!etag)
      throw new HubProtocolError(`The server gave no checksum for '${file.path}'.`, {
        repo,
        file: file.path,
      });
    assertSafeBlobName(etag, { repo, file: file.path });
    const entry = blobs.get(etag);
    if (entry && entry.size !== file.size) {
      throw new HubProtocolError(`The server lists two sizes for the same content ('${file.path}').`, {
        repo,
        file: file.path,
      });
    }
    if (entry) entry.paths.push(file.path);
    else blobs.set(etag, { size: file.size, paths: [file.path] });
  }
  const planned = new Map<string, { cached: boolean; resumeBytes: number }>();
  for (const [etag, blob] of blobs) {
    const cached = !params.force && (await blobIsComplete(paths.blob(etag), blob.size));
    const resumeBytes =
      cached || params.force || params.resume === false ? 0 : await estimateResume(paths, etag, blob.size);
    planned.set(etag, { cached, resumeBytes });
  }
  const plannedFiles: PlannedFile[] = selected.map((file) => {
    const p = planned.get(blobNameOf(file)!)!;
    return { path: file.path, size: file.size, cached: p.cached, resumeBytes: p.resumeBytes };
  });
  const toFetch = [...blobs].filter(([etag]) => !planned.get(etag)!.cached);
  const totalBytes = toFetch.reduce((n, [, b]) => n + b.size, 0);
  const resumeBytes = toFetch.reduce((n, [etag]) => n + planned.get(etag)!.resumeBytes, 0);
  const cachedBytes = [...blobs]
    .filter(([etag]) => planned.get(etag)!.cached)
    .reduce((n, [, b]) => n + b.size, 0);
  emit({
    type: "plan",
    repo,
    revision,
    commit,
    files: plannedFiles,
    totalBytes,
    cachedBytes,
    resumeBytes,
    fromCache: listing.fromCache,
  });

  const localPath = (path: string) => join(snapshotPath, ...path.split("/"));
  if (params.dryRun) {
    return {
      repo,
      revision,
      commit,
      snapshotPath,
      files: plannedFiles.map((f) => ({
        path: f.path,
        size: f.size,
        cached: f.cached,
        resumedBytes: f.resumeBytes,
        downloadedBytes: 0,
        localPath: localPath(f.path),
      })),
      bytesDownloaded: 0,
      resumedBytes: 0,
      totalBytes: selected.reduce((n, f) => n + f.size, 0),
      fromCache: listing.fromCache,
      dryRun: true,
      elapsedMs: Date.now() - started,
    };
  }

  // 3. Room on disk for what is left, before fetching a single byte.
  await mkdir(settings.cacheDir, { recursive: true });
  if (params.checkDiskSpace !== false && toFetch.length > 0) {
    const needed = totalBytes - resumeBytes;
    const free = await freeBytes(settings.cacheDir);
    if (free !== undefined && needed > free) {
      throw new DiskSpaceError({
        directory: settings.cacheDir,
        neededBytes: needed,
        freeBytes: free,
        midway: false,
      });
    }
  }

  // 4. Record the revision: refs/<revision>, the full listing (trees/<commit>.json), the snapshot folder.
  await ensureCacheDirTag(settings.cacheDir);
  await mkdir(snapshotPath, { recursive: true });
  if (!listing.fromCache) {
    await writeTreeCache(paths, commit, listing.files);
    await writeRef(paths, revision, commit);
  }

  // 5. Fetch what is missing, link every file into the snapshot as soon as its blob is there.
  const fileStats = new Map<string, { resumed: number; downloaded: number; cached: boolean }>();
  const link = async (etag: string) => {
    for (const path of blobs.get(etag)!.paths) {
      await linkSnapshotFile({
        snapshotDir: snapshotPath,
        path,
        blobPath: paths.blob(etag),
        env: settings.env,
      });
    }
  };
  for (const [etag, blob] of blobs) {
    if (planned.get(etag)!.cached) {
      await link(etag);
      for (const path of blob.paths) fileStats.set(path, { resumed: 0, downloaded: 0, cached: true });
    }
  }

  let bytesDownloaded = 0;
  let resumedTotal = 0;
  if (toFetch.length > 0) {
    const outcome = await fetchAll({
      params,
      settings,
      id,
      repo,
      revision,
      commit,
      paths,
      maxWorkers,
      blobs: toFetch.sort((a, b) => b[1].size - a[1].size),
      totalBytes,
      resumeBytes,
      emit,
      link,
      hasher: hasher ?? new Hasher(),
    });
    bytesDownloaded = outcome.downloaded;
    resumedTotal = outcome.resumed;
    for (const [path, stats] of outcome.files) fileStats.set(path, stats);
  }

  const files = selected.map((file) => {
    const stats = fileStats.get(file.path) ?? { resumed: 0, downloaded: 0, cached: true };
    return {
      path: file.path,
      size: file.size,
      cached: stats.cached,
      resumedBytes: stats.resumed,
      downloadedBytes: stats.downloaded,
      localPath: localPath(file.path),
    };
  });
  const elapsedMs = Date.now() - started;
  emit({ type: "done", repo, commit, bytesDownloaded, resumedBytes: resumedTotal, elapsedMs });
  return {
    repo,
    revision,
    commit,
    snapshotPath,
    files,
    bytesDownloaded,
    resumedBytes: resumedTotal,
    totalBytes: selected.reduce((n, f) => n + f.size, 0),
    fromCache: listing.fromCache,
    dryRun: false,
    elapsedMs,
  };
}

interface FetchAllParams {
  params: DownloadSnapshotParams;
  settings: ReturnType<typeof resolveSettings>;
  id: RepoId;
  repo: string;
  revision: string;
  commit: string;
  paths: RepoCachePaths;
  maxWorkers: number;
  blobs: [string, { size: number; paths: string[] }][];
  totalBytes: number;
  resumeBytes: number;
  emit: (event: DownloadEvent) => void;
  link: (etag: string) => Promise<void>;
  hasher: Hasher;
}

async function fetchAll(f: FetchAllParams) {
  const { params, settings, emit, repo } = f;
  const session = createHttpSession({
    endpoint: settings.endpoint,
    token: settings.token,
    maxSockets: f.maxWorkers + 2,
    proxyFor: settings.proxyFor,
  });
  const { hasher } = f;
  hasher.acquire();
  const connections = new Semaphore(f.maxWorkers);
  const blobSlots = new Semaphore(f.maxWorkers);
  const controller = new AbortController();
  const onAbort = () => controller.abort(params.signal!.reason);
  params.signal?.addEventListener("abort", onAbort, { once: true });
  if (params.signal?.aborted) onAbort();

  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...params.retry };
  const lockStaleMs = params.lockStaleMs ?? DEFAULT_LOCK_TIMING.staleMs;
  const options: TransferOptions = {
    connectionsPerFile: f.maxWorkers,
    ...(params.chunkSize ? { chunkSize: params.chunkSize } : {}),
    stallTimeoutMs: params.stallTimeoutMs ?? settings.downloadTimeoutMs ?? 30_000,
    retry,
    lock: {
      staleMs: lockStaleMs,
      heartbeatMs: Math.max(50, Math.floor(lockStaleMs / 4)),
      pollMs: Math.min(500, Math.max(50, Math.floor(lockStaleMs / 10))),
    },
    lockWaitTimeoutMs: params.lockWaitTimeoutMs ?? 600_000,
    force: params.force ?? false,
    resume: params.resume ?? true,
  };
  const interval = params.progressIntervalMs ?? 200;
  const meter = new RateMeter();
  let done = 0; // resumed + downloaded, over all files
  let downloaded = 0;
  let resumed = 0;
  const files = new Map<string, { resumed: number; downloaded: number; cached: boolean }>();
  const prefix = f.id.type === "model" ? "" : `${f.id.type}s/`;
  const errors: unknown[] = [];

  const tasks = f.blobs.map(async ([etag, blob]) => {
    const path = blob.paths[0]!;
    let release: (() => void) | undefined;
    try {
      release = await blobSlots.acquire(controller.signal);
      let fileBytes = 0;
      let lastEmit = 0;
      const progress = (force: boolean) => {
        const now = Date.now();
        if (!force && now - lastEmit < interval) return;
        lastEmit = now;
        const rate = meter.rate(now);
        emit({
          type: "progress",
          repo,
          path,
          fileBytes,
          fileSize: blob.size,
          bytes: done,
          totalBytes: f.totalBytes,
          resumedBytes: resumed,
          downloadedBytes: downloaded,
          bytesPerSecond: rate,
          etaSeconds: rate > 0 ? (f.totalBytes - done) / rate : undefined,
        });
      };
      const url = new URL(
        `${settings.endpoint}/${prefix}${f.id.name}/resolve/${f.commit}/${path.split("/").map(encodeURIComponent).join("/")}`,
      );
      const result = await fetchBlob({
        session,
        pool: connections,
        hasher,
        paths: f.paths,
        etag,
        size: blob.size,
        url,
        file: path,
        meta: { repo, revision: f.revision, commit: f.commit, paths: blob.paths },
        options,
        signal: controller.signal,
        onEvent: (event) => {
          switch (event.type) {
            case "start":
              done += event.resumedBytes - fileBytes;
              resumed += event.resumedBytes;
              fileBytes = event.resumedBytes;
              emit({ type: "file-start", repo, path, size: blob.size, resumedBytes: event.resumedBytes });
              progress(true);
              break;
            case "bytes":
              fileBytes += event.bytes;
              done += event.bytes;
              downloaded += event.bytes;
              meter.add(event.bytes);
              progress(false);
              break;
            case "restart":
              done -= fileBytes;
              fileBytes = 0;
              emit({
                type: "restart",
                repo,
                path,
                reason: event.reason,
                discardedBytes: event.discardedBytes,
              });
              progress(true);
              break;
            case "retry":
              emit({
                type: "retry",
                repo,
                path,
                attempt: event.attempt,
                delayMs: event.delayMs,
                reason: event.reason,
              });
              break;
            case "waiting":
              emit({ type: "waiting", repo, path, holder: event.holder, otherBytes: event.otherBytes });
              break;
            case "verified":
              break;
          }
        },
      });
      if (result.outcome !== "downloaded") {
        // Finished by another process (or found complete): count it as done.
        done += blob.size - fileBytes;
        fileBytes = blob.size;
      }
      await f.link(etag);
      progress(true);
      for (const p of blob.paths) {
        files.set(p, {
          resumed: p === path ? result.resumedBytes : 0,
          downloaded: p === path ? result.downloadedBytes : 0,
          cached: result.outcome !== "downloaded",
        });
      }
      emit({
        type: "file-done",
        repo,
        path,
        size: blob.size,
        downloadedBytes: result.downloadedBytes,
        outcome: result.outcome,
        verified:
          result.outcome === "downloaded" ? (/^[0-9a-f]{64}$/.test(etag) ? "sha256" : "git-sha1") : undefined,
      });
      for (const other of blob.paths.slice(1)) {
        emit({
          type: "file-done",
          repo,
          path: other,
          size: blob.size,
          downloadedBytes: 0,
          outcome: "cached",
          verified: undefined,
        });
      }
    } catch (error) {
      errors.push(error);
      // One file failing for good stops the others; what they fetched so far is kept for resume.
      if (!controller.signal.aborted) controller.abort(error);
      throw error;
    } finally {
      release?.();
    }
  });
  try {
    await Promise.allSettled(tasks);
  } finally {
    params.signal?.removeEventListener("abort", onAbort);
    session.close();
    hasher.release();
  }
  if (params.signal?.aborted) throw new AbortError("Download cancelled; run it again to resume.");
  const first = errors.find((e) => !isAbortLike(e)) ?? errors[0];
  if (first !== undefined) throw first;
  return { downloaded, resumed, files };
}

function isAbortLike(error: unknown): boolean {
  return error instanceof AbortError || (error as { name?: string })?.name === "AbortError";
}

async function listOffline(
  paths: RepoCachePaths,
  repo: string,
  revision: string,
  cacheDir: string,
  include: readonly string[],
  exclude: readonly string[],
): Promise<{ commit: string; files: RepoFile[]; fromCache: true }> {
  const cached = await listCachedRepoFiles(paths, revision);
  if (!cached) throw new OfflineCacheMissError({ repo, revision, cacheDir, missing: [] });
  const selected = filterRepoFiles({ files: cached.files, include, exclude });
  if (selected.length === 0 && (include.length > 0 || exclude.length > 0)) {
    throw new OfflineCacheMissError({
      repo,
      revision,
      cacheDir,
      missing: [],
      reason: `Offline mode is on and no cached file of '${repo}' (${revision}) matches the patterns${include.length ? ` ${include.join(" ")}` : ""}.`,
    });
  }
  const missing: string[] = [];
  for (const file of selected) {
    const etag = blobNameOf(file);
    const complete = etag ? await blobIsComplete(paths.blob(etag), file.size) : false;
    if (!complete) missing.push(file.path);
  }
  if (missing.length > 0) throw new OfflineCacheMissError({ repo, revision, cacheDir, missing });
  return { commit: cached.commit, files: cached.files, fromCache: true };
}

/** Bytes a partial download holds, from its progress record (or, for another tool's partial, its length). */
async function estimateResume(paths: RepoCachePaths, etag: string, size: number): Promise<number> {
  const state = await readPartialState(paths.partialState(etag));
  if (state && state.size === size) {
    return Math.min(
      size,
      state.chunks.reduce((n, c) => n + c[2], 0),
    );
  }
  try {
    const info = await stat(paths.partial(etag));
    if (info.isFile()) return 0;
  } catch {
    // no partial of ours
  }
  const foreign = await findForeignPartial(paths, etag, 0);
  return foreign && foreign.size <= size ? foreign.size : 0;
}

async function freeBytes(dir: string): Promise<number | undefined> {
  try {
    const fs = await statfs(dir);
    return Number(fs.bavail) * Number(fs.bsize);
  } catch {
    return undefined;
  }
}

const CACHEDIR_TAG =
  "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by hftool (Hugging Face cache).\n# For information about cache directory tags, see https://bford.info/cachedir/\n";

async function ensureCacheDirTag(cacheDir: string): Promise<void> {
  await writeFile(join(cacheDir, "CACHEDIR.TAG"), CACHEDIR_TAG, { flag: "wx" }).catch(() => {});
}
