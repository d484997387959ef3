import { readdir, realpath, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { HubProtocolError, OfflineCacheMissError } from "../errors.js";
import { repoCachePaths, type RepoCachePaths } from "../internal/cache/cache-layout.js";
import { resolveCachedRevision } from "../internal/cache/refs.js";
import { readTreeCache } from "../internal/cache/tree-cache.js";
import { createHubFetch } from "../internal/http/create-hub-fetch.js";
import type { RetryPolicy } from "../internal/http/retry-policy.js";
import {
  assertSafeBlobName,
  assertSafeCommit,
  assertSafeRepoPath,
  isCommitHash,
} from "../internal/safe-path.js";
import { resolveSettings, type HubConnectionParams } from "../internal/settings.js";
import { formatRepoId, parseRepoId, type RepoId } from "./parse-repo-id.js";

/** One file of a repo at a commit. */
export interface RepoFile {
  /** Path inside the repo (`onnx/model.onnx`). */
  path: string;
  /** Size in bytes (the real size for LFS files, not the pointer's). */
  size: number;
  /** Git blob sha1: the Hub's ETag for regular files. */
  oid?: string;
  /** Present for LFS files: their sha256, which is also their ETag and blob name. */
  lfs?: { sha256: string; size: number };
}

/** Parameters of {@link listRepoFiles}. */
export interface ListRepoFilesParams extends HubConnectionParams {
  /** Repo id: `org/name`, `datasets/org/name`, `spaces/org/name`. */
  repo: string;
  /** Branch, tag or commit. @default "main" */
  revision?: string;
  /** Cancels the requests. */
  signal?: AbortSignal;
  /** Retry behaviour for the API calls. */
  retry?: Partial<RetryPolicy>;
}

/** Every file of a repo at one commit. */
export interface RepoListing {
  /** The repo id as given, normalized (`datasets/org/x` keeps its prefix). */
  repo: string;
  revision: string;
  /** The commit the revision points at. */
  commit: string;
  /** Files, sorted by path. */
  files: RepoFile[];
  /** True when the listing came from the cache (offline). */
  fromCache: boolean;
}

/**
 * Lists a repo's files at a revision, with sizes and checksums: from the Hub (through
 * `@huggingface/hub`'s `modelInfo` and `listFiles`, loaded only now), or, offline, from the cache
 * (the tree listing a download saved, else the snapshot folder itself).
 *
 * @throws {RepoNotFoundError | RevisionNotFoundError | GatedRepoError | HubAuthError} as the Hub answers.
 * @throws {HubUnavailableError} when the server cannot be reached.
 * @throws {OfflineCacheMissError} offline, when the revision is not cached.
 * @throws {UnsafePathError} when the server lists a path or checksum that could escape the cache.
 */
export async function listRepoFiles(params: ListRepoFilesParams): Promise<RepoListing> {
  const settings = resolveSettings(params);
  const id = parseRepoId(params.repo);
  const repo = formatRepoId(id);
  const revision = params.revision ?? "main";
  if (settings.offline) {
    const cached = await listCachedRepoFiles(repoCachePaths(settings.cacheDir, id), revision);
    if (!cached)
      throw new OfflineCacheMissError({ repo, revision, cacheDir: settings.cacheDir, missing: [] });
    return { repo, revision, commit: cached.commit, files: cached.files, fromCache: true };
  }

  const context = { repo, revision };
  const hubFetch = createHubFetch({
    endpoint: settings.endpoint,
    token: settings.token,
    proxyFor: settings.proxyFor,
    ...(settings.requestTimeoutMs !== undefined ? { timeoutMs: settings.requestTimeoutMs } : {}),
    ...(params.signal ? { signal: params.signal } : {}),
    ...(params.retry ? { retry: params.retry } : {}),
    context,
  });
  const hub = await import("@huggingface/hub");
  let commit = revision;
  if (!isCommitHash(revision)) {
    const common = { name: id.name, revision, hubUrl: settings.endpoint, fetch: hubFetch };
    const info =
      id.type === "dataset"
        ? await hub.datasetInfo({ ...common, additionalFields: ["sha"] })
        : id.type === "space"
          ? await hub.spaceInfo({ ...common, additionalFields: ["sha"] })
          : await hub.modelInfo({ ...common, additionalFields: ["sha"] });
    commit = String((info as { sha?: unknown }).sha ?? "");
  }
  assertSafeCommit(commit, context);

  const files: RepoFile[] = [];
  for await (const entry of hub.listFiles({
    repo: { type: id.type, name: id.name },
    recursive: true,
    revision: commit,
    hubUrl: settings.endpoint,
    fetch: hubFetch,
  })) {
    if (entry.type !== "file") continue;
    assertSafeRepoPath(entry.path, context);
    const file: RepoFile = { path: entry.path, size: Number(entry.size) };
    if (entry.oid) file.oid = entry.oid;
    if (entry.lfs?.oid) file.lfs = { sha256: entry.lfs.oid, size: Number(entry.lfs.size ?? entry.size) };
    const blob = file.lfs?.sha256 ?? file.oid;
    if (blob) assertSafeBlobName(blob, { ...context, file: entry.path });
    if (!Number.isSafeInteger(file.size) || file.size < 0) {
      throw new HubProtocolError(
        `The server lists '${entry.path}' with an invalid size (${String(entry.size)}).`,
        {
          ...context,
          file: entry.path,
        },
      );
    }
    files.push(file);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { repo, revision, commit, files, fromCache: false };
}

/**
 * A revision's listing from the cache alone: the saved tree listing when a download wrote one
 * (complete, even for files not downloaded), else the files present in the snapshot folder.
 */
export async function listCachedRepoFiles(
  paths: RepoCachePaths,
  revision: string,
): Promise<{ commit: string; files: RepoFile[]; complete: boolean } | undefined> {
  const commit = await resolveCachedRevision(paths, revision);
  if (!commit) return undefined;
  const tree = await readTreeCache(paths, commit);
  if (tree) return { commit, files: tree, complete: true };
  const snapshot = paths.snapshot(commit);
  try {
    await stat(snapshot);
  } catch {
    return undefined;
  }
  const files: RepoFile[] = [];
  for (const path of await walkFiles(snapshot)) {
    try {
      const info = await stat(join(snapshot, ...path.split("/")));
      const blob = basename(await realpath(join(snapshot, ...path.split("/"))));
      const file: RepoFile = { path, size: info.size };
      if (/^[0-9a-f]{64}$/.test(blob)) file.lfs = { sha256: blob, size: info.size };
      else if (/^[0-9a-f]{40}$/.test(blob)) file.oid = blob;
      files.push(file);
    } catch {
      // a dangling link: the blob is gone, so the file is not really cached
    }
  }
  return { commit, files: files.sort((a, b) => a.path.localeCompare(b.path)), complete: false };
}

/** Repo-relative paths of every file (and symlink) under a folder. */
export async function walkFiles(root: string, prefix = ""): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(root, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await walkFiles(root, rel)));
    else if (entry.isFile() || entry.isSymbolicLink()) out.push(rel);
  }
  return out;
}

export type { RepoId };
