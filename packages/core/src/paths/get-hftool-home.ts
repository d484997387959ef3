import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Parameters of {@link getHftoolHome}. */
export interface GetHftoolHomeParams {
  /** Environment to read `HFTOOL_HOME` from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The user's home folder. @default os.homedir() */
  homeDir?: string;
}

/** hftool's own folder (config, history, benchmarks): `$HFTOOL_HOME` or `~/.hftool`. */
export function getHftoolHome({ env = process.env, homeDir = homedir() }: GetHftoolHomeParams = {}): string {
  const fromEnv = env.HFTOOL_HOME?.trim();
  if (fromEnv) return resolve(expandTilde(fromEnv, homeDir));
  return join(homeDir, ".hftool");
}

/** `~/x` → `<home>/x`; anything else unchanged. */
export function expandTilde(path: string, homeDir: string = homedir()): string {
  if (path === "~") return homeDir;
  if (path.startsWith("~/") || path.startsWith("~\\")) return join(homeDir, path.slice(2));
  return path;
}
