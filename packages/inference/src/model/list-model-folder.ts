import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { ModelFile } from "./select-model-files.js";

/** Parameters of {@link listModelFolder}. */
export interface ListModelFolderParams {
  /** A model folder laid out like a Hub repo (or a snapshot folder of the Hub cache). */
  dir: string;
  /** Folders deeper than this are not listed. @default 3 */
  maxDepth?: number;
}

/**
 * The files of a local model folder, as repo paths with `/` separators and sizes (symlinks of a
 * Hub cache snapshot are followed). Hidden files and folders (`.git`, `.cache`) are skipped.
 */
export async function listModelFolder({ dir, maxDepth = 3 }: ListModelFolderParams): Promise<ModelFile[]> {
  const files: ModelFile[] = [];
  async function walk(folder: string, depth: number): Promise<void> {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const full = join(folder, entry.name);
      const info = await stat(full).catch(() => undefined);
      if (!info) continue;
      if (info.isDirectory()) {
        if (depth < maxDepth) await walk(full, depth + 1);
      } else if (info.isFile()) {
        files.push({ path: relative(dir, full).split(sep).join("/"), size: info.size });
      }
    }
  }
  await walk(dir, 0);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
