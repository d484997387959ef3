/** Parameters of {@link filterRepoFiles}. */
export interface FilterRepoFilesParams<T extends { path: string }> {
  /** Files (anything with a repo-relative `path`). */
  files: readonly T[];
  /** Keep only files matching one of these patterns. @default all files */
  include?: readonly string[];
  /** Then drop files matching one of these. @default none */
  exclude?: readonly string[];
}

/**
 * Filters repo files with the same glob rules as `hf download --include/--exclude` and Python's
 * `snapshot_download(allow_patterns, ignore_patterns)`, which use `fnmatch`: `*` also matches `/`
 * (so `*.json` matches `onnx/config.json`), `?` is one character, `[abc]`/`[!abc]` are classes,
 * and a pattern ending in `/` means everything under that folder.
 *
 * (A minimatch-style library would make `*` stop at `/`, which is not what users of the `hf` CLI
 * expect, hence this small translation.)
 */
export function filterRepoFiles<T extends { path: string }>({
  files,
  include,
  exclude,
}: FilterRepoFilesParams<T>): T[] {
  const allow = (include ?? []).filter((p) => p.trim() !== "").map(globToRegExp);
  const deny = (exclude ?? []).filter((p) => p.trim() !== "").map(globToRegExp);
  return files.filter(
    (file) =>
      (allow.length === 0 || allow.some((re) => re.test(file.path))) &&
      !deny.some((re) => re.test(file.path)),
  );
}

const cache = new Map<string, RegExp>();

/** fnmatch → RegExp, like Python's `fnmatch.translate`. */
export function globToRegExp(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const glob = pattern.endsWith("/") ? `${pattern}*` : pattern;
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*") {
      out += ".*";
      while (glob[i + 1] === "*") i++;
    } else if (ch === "?") {
      out += ".";
    } else if (ch === "[") {
      let j = i + 1;
      if (glob[j] === "!") j++;
      if (glob[j] === "]") j++;
      while (j < glob.length && glob[j] !== "]") j++;
      if (j >= glob.length) {
        out += "\\[";
      } else {
        let body = glob.slice(i + 1, j).replace(/\\/g, "\\\\");
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        else if (body.startsWith("^")) body = `\\${body}`;
        out += `[${body}]`;
        i = j;
      }
    } else {
      out += ch.replace(/[.+^${}()|\\/]/g, "\\$&");
    }
  }
  const re = new RegExp(`^(?:${out})$`, "s");
  cache.set(pattern, re);
  return re;
}
