import { copyFile, lstat, mkdir, readlink, rename, rm, symlink } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { isTruthy } from "../../lib/resolve-hub-token.js";

/**
 * Points `snapshots/<commit>/<path>` at `blobs/<etag>` with a relative symlink, as Python does,
 * so the cache can be moved and mounted elsewhere. Where symlinks are not allowed (Windows without
 * developer mode, some network shares) or `HF_HUB_DISABLE_SYMLINKS=1`, the blob is copied.
 * Replaces whatever was there (a stale link, an old copy) atomically.
 */
export async function linkSnapshotFile(params: {
  snapshotDir: string;
  path: string;
  blobPath: string;
  env?: NodeJS.ProcessEnv;
}): Promise<"symlink" | "copy"> {
  const target = join(params.snapshotDir, ...params.path.split("/"));
  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  const linkText = relative(dir, params.blobPath);
  try {
    const existing = await lstat(target);
    if (existing.isSymbolicLink() && resolve(dir, await readlink(target)) === resolve(params.blobPath))
      return "symlink";
  } catch {
    // nothing there yet
  }
  const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  if (!isTruthy((params.env ?? process.env).HF_HUB_DISABLE_SYMLINKS)) {
    try {
      await symlink(linkText, temp);
      await rename(temp, target);
      return "symlink";
    } catch (error) {
      await rm(temp, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (
        code !== "EPERM" &&
        code !== "ENOTSUP" &&
        code !== "EOPNOTSUPP" &&
        code !== "EACCES" &&
        code !== "EINVAL"
      )
        throw error;
    }
  }
  await copyFile(params.blobPath, temp);
  await rename(temp, target);
  return "copy";
}
