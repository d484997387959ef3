import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { expandTilde } from "./get-hftool-home.js";

/** Parameters of {@link getHubCacheDir}. */
export interface GetHubCacheDirParams {
  /** Environment to read. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The user's home folder. @default os.homedir() */
  homeDir?: string;
}

/**
 * The Hugging Face cache folder that Python `huggingface_hub`, `transformers` and the `hf` CLI
 * use, so models are shared both ways: `HF_HUB_CACHE`, else `HF_HOME/hub`, else
 * `XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub`.
 * (hftool's own override, `HFTOOL_MODELS_DIR` / `[paths] models_dir`, is applied by `loadConfig`.)
 */
export function getHubCacheDir({
  env = process.env,
  homeDir = homedir(),
}: GetHubCacheDirParams = {}): string {
  const pick = (value: string | undefined) =>
    value && value.trim() ? resolve(expandTilde(value.trim(), homeDir)) : undefined;
  const hubCache = pick(env.HF_HUB_CACHE) ?? pick(env.HUGGINGFACE_HUB_CACHE);
  if (hubCache) return hubCache;
  const hfHome = pick(env.HF_HOME);
  if (hfHome) return join(hfHome, "hub");
  const xdg = pick(env.XDG_CACHE_HOME);
  if (xdg) return join(xdg, "huggingface", "hub");
  return join(homeDir, ".cache", "huggingface", "hub");
}
