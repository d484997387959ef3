import { readFile } from "node:fs/promises";
import type { RepoFile } from "../../lib/list-repo-files.js";
import { isSafeRepoPath } from "../safe-path.js";
import type { RepoCachePaths } from "./cache-layout.js";
import { writeFileAtomicNoSync } from "./refs.js";

/**
 * Python `huggingface_hub` (1.x) keeps each commit's full file listing in
 * `<repo>/trees/<commit>.json`; writing the same format lets offline mode (ours and Python's)
 * tell a complete snapshot from a partial one and name the missing files.
 */
interface TreeCacheFile {
  format_version: 1;
  files: Record<string, { size: number; blob_id: string; lfs_sha256?: string; lfs_size?: number }>;
}

export async function writeTreeCache(
  paths: RepoCachePaths,
  commit: string,
  files: readonly RepoFile[],
): Promise<void> {
  const data: TreeCacheFile = { format_version: 1, files: {} };
  for (const file of files) {
    data.files[file.path] = {
      size: file.size,
      blob_id: file.oid ?? "",
      ...(file.lfs ? { lfs_sha256: file.lfs.sha256, lfs_size: file.lfs.size } : {}),
    };
  }
  await writeFileAtomicNoSync(paths.tree(commit), `${JSON.stringify(data, null, 2)}\n`);
}

export async function readTreeCache(paths: RepoCachePaths, commit: string): Promise<RepoFile[] | undefined> {
  try {
    const data = JSON.parse(await readFile(paths.tree(commit), "utf8")) as Partial<TreeCacheFile>;
    if (data.format_version !== 1 || typeof data.files !== "object" || data.files === null) return undefined;
    const files: RepoFile[] = [];
    for (const [path, info] of Object.entries(data.files)) {
      if (!isSafeRepoPath(path) || typeof info?.size !== "number") continue;
      files.push({
        path,
        size: info.size,
        ...(info.blob_id ? { oid: info.blob_id } : {}),
        ...(info.lfs_sha256 ? { lfs: { sha256: info.lfs_sha256, size: info.lfs_size ?? info.size } } : {}),
      });
    }
    return files.sort((a, b) => a.path.localeCompare(b.path));
  } catch {
    return undefined;
  }
}

/** The cache's name for a file's blob: the LFS sha256, else the git blob sha1 (the Hub's ETag). */
export function blobNameOf(file: RepoFile): string | undefined {
  return file.lfs?.sha256 ?? file.oid;
}
