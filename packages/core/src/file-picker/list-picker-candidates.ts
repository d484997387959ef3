import { readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { InputError } from "../errors/errors.js";
import type { InputKind } from "../tasks/types.js";
import { hasInputExtension } from "./input-extensions.js";

/** A file the picker offers. */
export interface PickerCandidate {
  path: string;
  /** Path relative to the folder or pattern base, for display. */
  label: string;
  size: number;
  mtimeMs: number;
}

/** Parameters of {@link listPickerCandidates}. */
export interface ListPickerCandidatesParams {
  /** Folder to list, or a glob pattern (absolute, or relative to `cwd`). */
  source: { dir: string; recursive: boolean } | { pattern: string };
  /** Offer only files of this input kind (by extension). All files when omitted. */
  kind?: InputKind;
  /** @default process.cwd() */
  cwd?: string;
  /** How deep a recursive listing goes. @default 3 */
  maxDepth?: number;
  /** Most candidates returned; `total` still counts them all. @default 1000 */
  limit?: number;
}

/**
 * Files for the `@` picker: hidden files and folders skipped, filtered by the task's input kind,
 * sorted by path. Globs support `*`, `?`, `**`, `[ab]` and `{a,b}` (tinyglobby).
 * @throws {InputError} when the folder does not exist or is not a folder.
 */
export async function listPickerCandidates(
  params: ListPickerCandidatesParams,
): Promise<{ files: PickerCandidate[]; total: number }> {
  const { kind, cwd = process.cwd(), maxDepth = 3, limit = 1000 } = params;
  const keep = (path: string) => kind === undefined || hasInputExtension(path, kind);
  let paths: string[] = [];
  let base = cwd;
  if ("pattern" in params.source) {
    const { glob } = await import("tinyglobby");
    paths = (
      await glob(params.source.pattern, {
        cwd,
        absolute: true,
        onlyFiles: true,
        dot: false,
        followSymbolicLinks: true,
      })
    ).filter(keep);
  } else {
    const { dir, recursive } = params.source;
    base = dir;
    let info;
    try {
      info = await stat(dir);
    } catch {
      throw new InputError(`Folder ${dir} does not exist.`, {
        hint: "Check the path after @, e.g. -i @~/Music/",
      });
    }
    if (!info.isDirectory())
      throw new InputError(`${dir} is a file, not a folder.`, { hint: `Pass it directly: -i ${dir}` });
    const walk = async (folder: string, depth: number): Promise<void> => {
      let entries;
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch {
        return; // unreadable subfolders are skipped, not fatal
      }
      for (const entry of entries) {
        if (entry.name.startsWith(".")) continue;
        const full = join(folder, entry.name);
        if (entry.isDirectory()) {
          if (recursive && depth < maxDepth && entry.name !== "node_modules") await walk(full, depth + 1);
        } else if ((entry.isFile() || entry.isSymbolicLink()) && keep(full)) {
          paths.push(full);
        }
      }
    };
    await walk(dir, 1);
  }
  paths.sort((a, b) => a.localeCompare(b));
  const files: PickerCandidate[] = [];
  for (const path of paths.slice(0, limit)) {
    try {
      const s = await stat(path);
      if (s.isFile())
        files.push({ path, label: relative(base, path) || path, size: s.size, mtimeMs: s.mtimeMs });
    } catch {
      // a dangling symlink: not a candidate
    }
  }
  return { files, total: paths.length };
}
