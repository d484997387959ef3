import { lstat, readdir, readFile, readlink, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { PARTIAL_SUFFIX, repoCachePaths, type RepoCachePaths } from "../internal/cache/cache-layout.js";
import { readTreeCache } from "../internal/cache/tree-cache.js";
import { isCommitHash } from "../internal/safe-path.js";
import { resolveSettings } from "../internal/settings.js";
import {
  describeHolder,
  inspectLock,
  isAbandoned,
  DEFAULT_LOCK_TIMING,
} from "../internal/transfer/blob-lock.js";
import { readPartialState } from "../internal/transfer/partial-state.js";
import { escapeGlob } from "./escape-glob.js";
import { walkFiles } from "./list-repo-files.js";
import { formatRepoId, parseRepoId, type RepoId, type RepoType } from "./parse-repo-id.js";

/** Parameters of {@link scanCache}. */
export interface ScanCacheParams {
  /** Hugging Face cache folder. @default HF_HUB_CACHE / HF_HOME/hub / ~/.cache/huggingface/hub */
  cacheDir?: string;
  /** Only this repo (`org/name`). @default every repo */
  repo?: string;
  /** Environment for the default cache folder. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/** A file of a cached revision. */
export interface CachedFile {
  /** Path inside the repo. */
  path: string;
  /** Absolute path in the snapshot folder. */
  localPath: string;
  size: number;
  /** The blob it links to (its name), or undefined for a copied file. */
  blob: string | undefined;
  /** False for a link whose blob is gone. */
  present: boolean;
}

/** One cached commit of a repo. */
export interface CachedRevision {
  commit: string;
  /** Branches/tags pointing at it (`main`). Empty for a detached revision. */
  refs: string[];
  /** Absolute snapshot folder. */
  path: string;
  files: CachedFile[];
  /** Bytes of the files present. */
  size: number;
  /** Files of the full listing (saved at download time) that are not here; undefined when no listing was saved. */
  missing: string[] | undefined;
  lastModified: Date;
}

/** A download that did not finish. */
export interface PartialDownload {
  repo: string;
  type: RepoType;
  /** Blob name (the file's sha256 or git sha1). */
  etag: string;
  /** Absolute path of the partial data. */
  path: string;
  /** Progress record of an hftool partial. */
  statePath: string | undefined;
  /** Bytes already downloaded. */
  bytesDone: number;
  /** Full size, when known. */
  totalBytes: number | undefined;
  /** 0–100, when the size is known. */
  percent: number | undefined;
  /** Repo paths of this blob. */
  files: string[];
  revision: string | undefined;
  commit: string | undefined;
  /** Which tool left it. */
  tool: "hftool" | "huggingface_hub";
  lastModified: Date;
  /** The process downloading it right now, if one is. */
  activeHolder: string | undefined;
  /** The command that resumes exactly this download (`hftool download -m org/name --include onnx/model.onnx`). */
  resumeCommand: string;
}

/** One repo in the cache. */
export interface CachedRepo {
  /** `org/name` (`datasets/org/name` for datasets). */
  repo: string;
  type: RepoType;
  /** Absolute `models--org--name` folder. */
  folder: string;
  /** Bytes of complete blobs (and copied files): what deleting the repo frees, partials aside. */
  sizeOnDisk: number;
  blobCount: number;
  refs: Record<string, string>;
  revisions: CachedRevision[];
  partials: PartialDownload[];
  lastModified: Date | undefined;
  lastAccessed: Date | undefined;
}

/** Everything {@link scanCache} found. */
export interface CacheScan {
  cacheDir: string;
  /** False when the folder does not exist yet. */
  exists: boolean;
  repos: CachedRepo[];
  /** Every partial download, over all repos. */
  partials: PartialDownload[];
  sizeOnDisk: number;
  partialBytes: number;
  /** Folders and files that do not look like cache entries. */
  warnings: string[];
}

const PREFIX_TYPES: Record<string, RepoType> = { models: "model", datasets: "dataset", spaces: "space" };

/**
 * Reads a Hugging Face cache folder (written by hftool, Python `huggingface_hub` or
 * `@huggingface/hub`): repos, revisions with their refs and files, sizes, dangling links, and
 * partial downloads with how far they got and the command that resumes them. Never modifies it.
 *
 * (`@huggingface/hub`'s `scanCacheDir` skips files in sub-folders such as `onnx/`, fails a whole
 * repo on one dangling link, and knows nothing of partial downloads, so this is our own.)
 */
export async function scanCache(params: ScanCacheParams = {}): Promise<CacheScan> {
  const settings = resolveSettings({
    ...(params.cacheDir ? { cacheDir: params.cacheDir } : {}),
    ...(params.env ? { env: params.env } : {}),
    token: false,
  });
  const cacheDir = settings.cacheDir;
  const scan: CacheScan = {
    cacheDir,
    exists: false,
    repos: [],
    partials: [],
    sizeOnDisk: 0,
    partialBytes: 0,
    warnings: [],
  };
  let names: string[];
  try {
    names = await readdir(cacheDir);
    scan.exists = true;
  } catch {
    return scan;
  }
  const only = params.repo ? parseRepoId(params.repo) : undefined;
  for (const name of names.sort()) {
    if (name.startsWith(".") || name === "CACHEDIR.TAG" || name === "version.txt") continue;
    const id = repoIdFromFolder(name);
    if (!id) {
      scan.warnings.push(`Not a repo folder: ${join(cacheDir, name)}`);
      continue;
    }
    if (only && (only.type !== id.type || only.name !== id.name)) continue;
    const repo = await scanRepo(repoCachePaths(cacheDir, id), id);
    scan.repos.push(repo);
    scan.partials.push(...repo.partials);
    scan.sizeOnDisk += repo.sizeOnDisk;
    scan.partialBytes += repo.partials.reduce((n, p) => n + p.bytesDone, 0);
  }
  return scan;
}

/** `models--org--name` → `{ type: "model", name: "org/name" }`. */
export function repoIdFromFolder(folder: string): RepoId | undefined {
  const match = /^(models|datasets|spaces)--(.+)$/.exec(folder);
  if (!match) return undefined;
  try {
    return parseRepoId({ type: PREFIX_TYPES[match[1]!]!, name: match[2]!.split("--").join("/") });
  } catch {
    return undefined;
  }
}

export async function scanRepo(paths: RepoCachePaths, id: RepoId): Promise<CachedRepo> {
  const repo = formatRepoId(id);
  const refs: Record<string, string> = {};
  for (const name of await walkFiles(paths.refsDir)) {
    try {
      const commit = (await readFile(join(paths.refsDir, ...name.split("/")), "utf8")).trim();
      if (isCommitHash(commit)) refs[name] = commit;
    } catch {
      // unreadable
    }
  }
  const refsByCommit = new Map<string, string[]>();
  for (const [name, commit] of Object.entries(refs))
    refsByCommit.set(commit, [...(refsByCommit.get(commit) ?? []), name]);

  // Complete blobs and partials.
  const blobSizes = new Map<string, number>();
  let lastModified = 0;
  let lastAccessed = 0;
  const partialFiles: { name: string; size: number; mtime: Date }[] = [];
  for (const name of await readdir(paths.blobsDir).catch(() => [] as string[])) {
    let info;
    try {
      info = await lstat(join(paths.blobsDir, name));
    } catch {
      continue;
    }
    if (!info.isFile()) continue;
    if (name.endsWith(".incomplete")) {
      partialFiles.push({ name, size: info.size, mtime: info.mtime });
    } else if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(name)) {
      blobSizes.set(name, info.size);
      lastModified = Math.max(lastModified, info.mtimeMs);
      lastAccessed = Math.max(lastAccessed, info.atimeMs);
    }
  }

  const revisions: CachedRevision[] = [];
  let copiedBytes = 0;
  for (const commit of (await readdir(paths.snapshotsDir).catch(() => [] as string[])).sort()) {
    const dir = paths.snapshot(commit);
    let dirInfo;
    try {
      dirInfo = await stat(dir);
    } catch {
      continue;
    }
    if (!dirInfo.isDirectory()) continue;
    const files: CachedFile[] = [];
    let size = 0;
    for (const path of await walkFiles(dir)) {
      const localPath = join(dir, ...path.split("/"));
      const info = await lstat(localPath).catch(() => undefined);
      if (!info) continue;
      if (info.isSymbolicLink()) {
        const target = resolve(dirname(localPath), await readlink(localPath).catch(() => ""));
        const blob = dirname(target) === resolve(paths.blobsDir) ? basename(target) : undefined;
        const present = await stat(localPath).then(
          (s) => s.isFile(),
          () => false,
        );
        const fileSize = present ? (await stat(localPath)).size : 0;
        files.push({ path, localPath, size: fileSize, blob, present });
        size += fileSize;
      } else if (info.isFile()) {
        files.push({ path, localPath, size: info.size, blob: undefined, present: true });
        size += info.size;
        copiedBytes += info.size;
      }
    }
    const listing = isCommitHash(commit) ? await readTreeCache(paths, commit) : undefined;
    const here = new Set(files.filter((f) => f.present).map((f) => f.path));
    revisions.push({
      commit,
      refs: refsByCommit.get(commit) ?? [],
      path: dir,
      files,
      size,
      missing: listing ? listing.filter((f) => !here.has(f.path)).map((f) => f.path) : undefined,
      lastModified: dirInfo.mtime,
    });
  }

  const partials: PartialDownload[] = [];
  for (const file of partialFiles) {
    const ours = file.name.endsWith(PARTIAL_SUFFIX);
    const etag = ours ? file.name.slice(0, -PARTIAL_SUFFIX.length) : file.name.split(".")[0]!;
    const statePath = ours ? paths.partialState(etag) : undefined;
    const state = statePath ? await readPartialState(statePath) : undefined;
    let total = state?.size;
    let files: string[] = state?.paths ?? [];
    let commit = state?.commit;
    if (total === undefined || files.length === 0) {
      // Find the blob in a saved listing to learn its size and name.
      for (const revision of revisions) {
        const listing = isCommitHash(revision.commit)
          ? await readTreeCache(paths, revision.commit)
          : undefined;
        const matches = (listing ?? []).filter((f) => (f.lfs?.sha256 ?? f.oid) === etag);
        if (matches.length > 0) {
          total ??= matches[0]!.size;
          if (files.length === 0) files = matches.map((f) => f.path);
          commit ??= revision.commit;
          break;
        }
      }
    }
    const bytesDone = state
      ? Math.min(
          state.size,
          state.chunks.reduce((n, c) => n + c[2], 0),
        )
      : file.size;
    const holder = ours ? await inspectLock(paths.lock(etag)) : undefined;
    const active =
      holder && !isAbandoned(holder, DEFAULT_LOCK_TIMING)
        ? (describeHolder(holder) ?? "another process")
        : undefined;
    const revision = state?.revision ?? (commit ? refsByCommit.get(commit)?.[0] : undefined) ?? commit;
    partials.push({
      repo,
      type: id.type,
      etag,
      path: join(paths.blobsDir, file.name),
      statePath: state ? statePath : undefined,
      bytesDone,
      totalBytes: total,
      percent: total ? Math.min(100, (bytesDone / total) * 100) : undefined,
      files,
      revision,
      commit,
      tool: ours ? "hftool" : "huggingface_hub",
      lastModified: file.mtime,
      activeHolder: active,
      resumeCommand: resumeCommand(repo, revision, files.map(escapeGlob), []),
    });
  }
  return {
    repo,
    type: id.type,
    folder: paths.repoDir,
    sizeOnDisk: [...blobSizes.values()].reduce((n, s) => n + s, 0) + copiedBytes,
    blobCount: blobSizes.size,
    refs,
    revisions,
    partials,
    lastModified: lastModified ? new Date(lastModified) : undefined,
    lastAccessed: lastAccessed ? new Date(lastAccessed) : undefined,
  };
}

/** The command line that continues a download. */
export function resumeCommand(
  repo: string,
  revision: string | undefined,
  include: readonly string[],
  exclude: readonly string[],
): string {
  const words = ["hftool", "download", "-m", repo];
  if (revision && revision !== "main") words.push("--revision", revision);
  for (const pattern of include) words.push("--include", pattern);
  for (const pattern of exclude) words.push("--exclude", pattern);
  return words.map(shellQuote).join(" ");
}

/** Quotes a word for POSIX shells when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
