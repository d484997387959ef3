/**
 * A pattern that matches exactly this path under `filterRepoFiles`' fnmatch rules, for passing
 * exact file names as `include`/`exclude` (`a[1].txt` → `a[[]1].txt`).
 */
export function escapeGlob(path: string): string {
  return path.replace(/[[*?]/g, (c) => `[${c}]`);
}
