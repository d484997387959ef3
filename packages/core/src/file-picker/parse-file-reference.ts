/**
 * What an `-i @…` value asks for:
 * - `@` the working folder, `@.` it and its subfolders, `@~` (or `@~/sub/`) the home folder,
 *   `@DIR/` a folder — each opens a picker;
 * - `@PATTERN` with `*`, `?` or `**` — matching files (one match is taken directly);
 * - `@FILE` — that file;
 * - `@@` — recently used inputs from history; `@?` — the task's input builder.
 * A value starting with `\@` is the literal text after the backslash.
 */
export type FileReference =
  | { kind: "folder"; dir: string; recursive: boolean }
  | { kind: "glob"; pattern: string }
  | { kind: "path"; path: string }
  | { kind: "history" }
  | { kind: "builder" };

/** Parameters of {@link parseFileReference}. */
export interface ParseFileReferenceParams {
  value: string;
  /** @default process.cwd() */
  cwd?: string;
  /** The user's home folder (for `@~`). */
  home: string;
  /** Tells folders from files for `@name` without a trailing slash. */
  isDirectory?: (path: string) => boolean;
}

/** `undefined` when the value is not an `@` reference (plain text, a path, a URL). */
export function parseFileReference({
  value,
  cwd = process.cwd(),
  home,
  isDirectory = () => false,
}: ParseFileReferenceParams): FileReference | undefined {
  if (!value.startsWith("@")) return undefined;
  const rest = value.slice(1);
  const join = (a: string, b: string) => (b.startsWith("/") ? b : `${a.replace(/\/+$/, "")}/${b}`);
  if (rest === "") return { kind: "folder", dir: cwd, recursive: false };
  if (rest === "@") return { kind: "history" };
  if (rest === "?") return { kind: "builder" };
  if (rest === ".") return { kind: "folder", dir: cwd, recursive: true };
  let target = rest;
  if (target === "~" || target.startsWith("~/")) target = home + target.slice(1);
  if (/[*?[\]{}]/.test(target)) return { kind: "glob", pattern: target };
  const path = join(cwd, target);
  if (target.endsWith("/") || target === home || isDirectory(path))
    return { kind: "folder", dir: path.replace(/(.)\/+$/, "$1"), recursive: false };
  return { kind: "path", path };
}
