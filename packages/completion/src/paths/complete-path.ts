import { readdir, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import type { CompletionItem } from "../types.js";

/** Parameters of {@link completePath}. */
export interface CompletePathParams {
  /** The partial path as typed: `da`, `./data/`, `~/Mu`, `/tmp/x`. */
  current: string;
  /** Folder relative paths start from. @default process.cwd() */
  cwd?: string;
  /** Home folder, for a leading `~`. @default os.homedir() */
  homeDir?: string;
  /** `"directory"` offers folders only. @default "any" */
  kind?: "any" | "directory";
  /**
   * Preferred file extensions, lower case without the dot (`["wav", "mp3"]`). Folders always pass;
   * when no file in the folder has one of them, every file is offered instead (a clip with an odd
   * extension must stay reachable).
   */
  extensions?: readonly string[];
  /** Most entries read from one folder. @default 2000 */
  limit?: number;
}

interface Entry {
  name: string;
  directory: boolean;
}

async function readEntries(dir: string, limit: number): Promise<Entry[]> {
  let dirents;
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const entries: Entry[] = [];
  for (const dirent of dirents.slice(0, limit)) {
    let directory = dirent.isDirectory();
    if (dirent.isSymbolicLink()) {
      directory = await stat(join(dir, dirent.name)).then(
        (s) => s.isDirectory(),
        () => false,
      );
    }
    entries.push({ name: dirent.name, directory });
  }
  return entries;
}

/**
 * File and folder names that complete a partial path, as the user will see them inserted: the part
 * they typed is kept as typed (`~/`, `./`), folders end in `/` so the next Tab goes inside them.
 * Hidden entries are offered only once the name being typed starts with a dot.
 */
export async function completePath(params: CompletePathParams): Promise<CompletionItem[]> {
  const { current, kind = "any", extensions, limit = 2000 } = params;
  if (current === "~") return [{ value: "~/" }];
  const cut = current.lastIndexOf("/") + 1;
  const typedDir = current.slice(0, cut);
  const base = current.slice(cut);
  const home = params.homeDir ?? homedir();
  let dir: string;
  if (typedDir.startsWith("~/")) dir = join(home, typedDir.slice(2));
  else if (isAbsolute(typedDir)) dir = typedDir;
  else dir = join(params.cwd ?? process.cwd(), typedDir || ".");

  const entries = (await readEntries(dir, limit)).filter(
    (e) => e.name.startsWith(base) && (base.startsWith(".") || !e.name.startsWith(".")),
  );
  const folders = entries.filter((e) => e.directory);
  let files = kind === "directory" ? [] : entries.filter((e) => !e.directory);
  if (extensions && extensions.length > 0) {
    const wanted = files.filter((f) => {
      const dot = f.name.lastIndexOf(".");
      return dot > 0 && extensions.includes(f.name.slice(dot + 1).toLowerCase());
    });
    if (wanted.length > 0) files = wanted;
  }
  return [
    ...folders.map((f) => ({ value: `${typedDir}${f.name}/` })),
    ...files.map((f) => ({ value: `${typedDir}${f.name}` })),
  ];
}
