import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Parameters of {@link resolveHubToken}. */
export interface ResolveHubTokenParams {
  /** A token given explicitly; wins over everything. `false` means "send no token". */
  token?: string | false;
  /** Environment to read. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The user's home folder. @default os.homedir() */
  homeDir?: string;
}

/** A token and where it came from (never printed, only named). */
export interface ResolvedHubToken {
  token: string | undefined;
  /** `param`, `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`, the token file's path, or `none`. */
  source: string;
}

/**
 * Finds the Hugging Face token the way Python `huggingface_hub` does: an explicit token, else
 * `HF_TOKEN` (or the legacy `HUGGING_FACE_HUB_TOKEN`), else the file at `HF_TOKEN_PATH`, else
 * `$HF_HOME/token` (what `hf auth login` writes). `HF_HUB_DISABLE_IMPLICIT_TOKEN=1` turns off
 * everything but the explicit token.
 */
export function resolveHubToken({
  token,
  env = process.env,
  homeDir = homedir(),
}: ResolveHubTokenParams = {}): ResolvedHubToken {
  if (token === false) return { token: undefined, source: "none" };
  if (typeof token === "string" && token.trim()) return { token: token.trim(), source: "param" };
  if (isTruthy(env.HF_HUB_DISABLE_IMPLICIT_TOKEN)) return { token: undefined, source: "none" };
  for (const name of ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"]) {
    const value = env[name]?.trim();
    if (value) return { token: value, source: name };
  }
  const file = tokenFilePath(env, homeDir);
  try {
    const value = readFileSync(file, "utf8").trim();
    if (value) return { token: value, source: file };
  } catch {
    // no token file: anonymous
  }
  return { token: undefined, source: "none" };
}

/** `HF_TOKEN_PATH`, else `$HF_HOME/token`, with Python's `HF_HOME` default. */
export function tokenFilePath(env: NodeJS.ProcessEnv = process.env, homeDir: string = homedir()): string {
  const explicit = env.HF_TOKEN_PATH?.trim();
  if (explicit) return resolve(expandHome(explicit, homeDir));
  return join(hfHome(env, homeDir), "token");
}

function hfHome(env: NodeJS.ProcessEnv, homeDir: string): string {
  const home = env.HF_HOME?.trim();
  if (home) return resolve(expandHome(home, homeDir));
  const xdg = env.XDG_CACHE_HOME?.trim();
  return join(xdg ? resolve(expandHome(xdg, homeDir)) : join(homeDir, ".cache"), "huggingface");
}

function expandHome(path: string, homeDir: string): string {
  return path === "~" || path.startsWith("~/") ? homeDir + path.slice(1) : path;
}

export function isTruthy(value: string | undefined): boolean {
  return ["1", "true", "yes", "on"].includes((value ?? "").trim().toLowerCase());
}
