import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Parameters of {@link writeFileAtomic}. */
export interface WriteFileAtomicParams {
  /** Destination file. Its folder is created when missing. */
  path: string;
  /** Contents. */
  data: string | Uint8Array;
  /** File mode for a new file; an existing file keeps its own. @default 0o644 */
  mode?: number;
}

/**
 * Writes a file so that readers see either the old contents or the new, never a truncated mix:
 * write a temporary file in the same folder, flush it to disk, then rename it over the target.
 * A crash or a full disk leaves the old file untouched.
 */
export async function writeFileAtomic({ path, data, mode }: WriteFileAtomicParams): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  let fileMode = mode ?? 0o644;
  try {
    fileMode = (await stat(path)).mode & 0o7777;
  } catch {
    // a new file
  }
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", fileMode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
