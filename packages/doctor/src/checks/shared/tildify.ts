import { sep } from "node:path";

/** `/home/ada/.cache/x` → `~/.cache/x`: shorter, and keeps user names out of pasted reports. */
export function tildify(path: string, homeDir: string): string {
  if (!homeDir || homeDir === sep) return path;
  if (path === homeDir) return "~";
  return path.startsWith(homeDir + sep) ? `~${path.slice(homeDir.length)}` : path;
}
