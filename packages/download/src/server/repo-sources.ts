import { createHash } from "node:crypto";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { basename, join, relative, resolve, sep } from "node:path";
import { parseRepoId, type RepoId } from "../lib/parse-repo-id.js";
import { repoFolderName } from "../lib/repo-folder-name.js";
import { isCommitHash, isSafeRepoPath } from "../internal/safe-path.js";
import { gitBlobSha1, hashFile, lfsPointer } from "./git-hash.js";

/** One file as the server describes it. */
export interface ServedFile {
  path: string;
  size: number;
  /** Git blob id: of the content, or of the LFS pointer for LFS files (as on the Hub). */
  gitOid: string;
  /** For LFS files. */
  lfs?: { sha256: string; size: number; pointerSize: number };
  /** What `ETag` / `X-Linked-Etag` say: the sha256 for LFS files, else the git blob id. */
  etag: string;
  /** Where the bytes are. */
  absPath: string;
}

export interface ServedRevision {
  commit: string;
  files: Map<string, ServedFile>;
  lastModified: Date;
}

/** A repo the server can answer for. */
export interface RepoSource {
  id: RepoId;
  /** The commit a branch, tag, `HEAD` or commit hash points at. */
  resolveRevision(revision: string): Promise<string | undefined>;
  revision(commit: string): Promise<ServedRevision | undefined>;
  refs(): Promise<Record<string, string>>;
}

/** Extensions the Hub's default `.gitattributes` stores in LFS (besides anything over 10 MiB). */
const LFS_EXTENSIONS = [
  ".onnx",
  ".onnx_data",
  ".safetensors",
  ".bin",
  ".pt",
  ".pth",
  ".ckpt",
  ".h5",
  ".gguf",
  ".msgpack",
  ".tflite",
  ".npy",
  ".npz",
  ".pb",
  ".ot",
  ".model",
  ".zip",
  ".gz",
  ".tar",
  ".wav",
  ".mp3",
  ".flac",
  ".png",
  ".jpg",
  ".parquet",
  ".arrow",
];

export function isLfsCandidate(path: string, size: number): boolean {
  const lower = path.toLowerCase();
  return size >= 10 * 1024 * 1024 || LFS_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

async function walk(root: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(join(root, prefix), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!prefix && (entry.name === ".git" || entry.name === ".cache")) continue;
      out.push(...(await walk(root, rel)));
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      out.push(rel);
    }
  }
  return out;
}

const hashCache = new Map<string, Promise<{ sha256: string; gitSha1: string }>>();

function cachedHash(path: string, size: number, mtimeMs: number) {
  const key = `${path}\0${size}\0${mtimeMs}`;
  let promise = hashCache.get(key);
  if (!promise) {
    promise = hashFile(path, size);
    promise.catch(() => hashCache.delete(key));
    hashCache.set(key, promise);
  }
  return promise;
}

async function describeFile(path: string, absPath: string, lfsHint?: boolean): Promise<ServedFile> {
  const info = await stat(absPath);
  const { sha256, gitSha1 } = await cachedHash(absPath, info.size, info.mtimeMs);
  const lfs = lfsHint ?? isLfsCandidate(path, info.size);
  if (!lfs) return { path, size: info.size, gitOid: gitSha1, etag: gitSha1, absPath };
  const pointer = lfsPointer(sha256, info.size);
  return {
    path,
    size: info.size,
    gitOid: gitBlobSha1(pointer),
    lfs: { sha256, size: info.size, pointerSize: Buffer.byteLength(pointer) },
    etag: sha256,
    absPath,
  };
}

/**
 * A plain folder served as a repo with one branch, `main`, whose commit hash is derived from the
 * contents (so it changes exactly when a file does). Files are LFS files by the Hub's default
 * rules (model weights and anything over 10 MiB).
 */
export function folderSource(repo: string, folder: string): RepoSource {
  const id = parseRepoId(repo);
  const root = resolve(folder);
  let snapshot: Promise<ServedRevision> | undefined;
  let stamp = "";
  const load = async (): Promise<ServedRevision> => {
    const paths = (await walk(root)).filter(isSafeRepoPath).sort();
    // Re-read when a file was added, removed or changed since the last listing.
    const stats = await Promise.all(
      paths.map(async (p) =>
        stat(join(root, ...p.split("/"))).then(
          (s) => `${p}:${s.size}:${s.mtimeMs}`,
          () => p,
        ),
      ),
    );
    const nextStamp = stats.join("\n");
    if (snapshot && nextStamp === stamp) return snapshot;
    stamp = nextStamp;
    snapshot = (async () => {
      const files = new Map<string, ServedFile>();
      let latest = 0;
      for (const p of paths) {
        const abs = join(root, ...p.split("/"));
        files.set(p, await describeFile(p, abs));
        latest = Math.max(latest, (await stat(abs)).mtimeMs);
      }
      const listing = [...files.values()].map((f) => `${f.path}\0${f.gitOid}\n`).join("");
      const commit = createHash("sha1")
        .update(`hftool folder repo ${id.type}s/${id.name}\n${listing}`)
        .digest("hex");
      return { commit, files, lastModified: new Date(latest || Date.now()) };
    })();
    return snapshot;
  };
  return {
    id,
    async resolveRevision(revision) {
      const current = await load();
      return revision === "main" || revision === "HEAD" || revision === current.commit
        ? current.commit
        : undefined;
    },
    async revision(commit) {
      const current = await load();
      return commit === current.commit ? current : undefined;
    },
    async refs() {
      return { main: (await load()).commit };
    },
  };
}

/**
 * A repo inside a Hugging Face cache folder (written by hftool, Python or huggingface.js):
 * refs/ name the commits, snapshots/<commit>/ hold the files, and each blob's name is its ETag.
 * Only files actually present are served; links that point outside the repo folder are ignored.
 */
export function cacheSource(cacheDir: string, id: RepoId): RepoSource {
  const repoDir = join(resolve(cacheDir), repoFolderName({ repo: id }));
  const readRefs = async (): Promise<Record<string, string>> => {
    const refs: Record<string, string> = {};
    const refsDir = join(repoDir, "refs");
    for (const name of await walk(refsDir)) {
      try {
        const commit = (await readFile(join(refsDir, ...name.split("/")), "utf8")).trim();
        if (isCommitHash(commit)) refs[name] = commit;
      } catch {
        // unreadable ref
      }
    }
    return refs;
  };
  const readTreeHints = async (
    commit: string,
  ): Promise<Record<string, { lfs_sha256?: string }> | undefined> => {
    try {
      const data = JSON.parse(await readFile(join(repoDir, "trees", `${commit}.json`), "utf8")) as {
        files?: Record<string, { lfs_sha256?: string }>;
      };
      return data.files;
    } catch {
      return undefined;
    }
  };
  return {
    id,
    async resolveRevision(revision) {
      const refs = await readRefs();
      if (refs[revision]) return refs[revision];
      if (revision === "HEAD") {
        if (refs.main) return refs.main;
        const snapshots = await readdir(join(repoDir, "snapshots")).catch(() => [] as string[]);
        return snapshots.filter(isCommitHash).sort()[0];
      }
      if (isCommitHash(revision)) {
        const exists = await stat(join(repoDir, "snapshots", revision)).then(
          (s) => s.isDirectory(),
          () => false,
        );
        return exists ? revision : undefined;
      }
      return undefined;
    },
    async revision(commit) {
      if (!isCommitHash(commit)) return undefined;
      const dir = join(repoDir, "snapshots", commit);
      let dirStat;
      try {
        dirStat = await stat(dir);
      } catch {
        return undefined;
      }
      const realRepo = await realpath(repoDir);
      const hints = await readTreeHints(commit);
      const files = new Map<string, ServedFile>();
      let latest = dirStat.mtimeMs;
      for (const p of (await walk(dir)).filter(isSafeRepoPath).sort()) {
        let abs: string;
        let info;
        try {
          abs = await realpath(join(dir, ...p.split("/")));
          info = await stat(abs);
        } catch {
          continue; // dangling link: the blob is not there
        }
        const inside = relative(realRepo, abs);
        if (inside.startsWith("..") || inside.startsWith(sep) || !info.isFile()) continue;
        latest = Math.max(latest, info.mtimeMs);
        const blob = basename(abs);
        if (/^[0-9a-f]{64}$/.test(blob)) {
          const pointer = lfsPointer(blob, info.size);
          files.set(p, {
            path: p,
            size: info.size,
            gitOid: gitBlobSha1(pointer),
            lfs: { sha256: blob, size: info.size, pointerSize: Buffer.byteLength(pointer) },
            etag: blob,
            absPath: abs,
          });
        } else if (/^[0-9a-f]{40}$/.test(blob)) {
          files.set(p, { path: p, size: info.size, gitOid: blob, etag: blob, absPath: abs });
        } else {
          // A copied file (no symlinks on this file system): hash it.
          const hint = hints?.[p];
          files.set(p, await describeFile(p, abs, hint ? Boolean(hint.lfs_sha256) : undefined));
        }
      }
      return { commit, files, lastModified: new Date(latest) };
    },
    refs: readRefs,
  };
}
