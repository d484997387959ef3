import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { DoctorEnvironment } from "../../environment/doctor-environment.js";

/** A Hugging Face token and where it came from. Never print `value`. */
export interface HubToken {
  /** `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`, or the token file's path. */
  source: string;
  value: string;
}

/**
 * The token huggingface_hub would send, found as it finds it: `HF_TOKEN`, then the legacy
 * `HUGGING_FACE_HUB_TOKEN`, then the file `HF_TOKEN_PATH` or `$HF_HOME/token`
 * (`~/.cache/huggingface/token` by default), which `hf auth login` writes.
 * `HF_HUB_DISABLE_IMPLICIT_TOKEN` means none of these is sent.
 */
export async function findHubToken(environment: DoctorEnvironment): Promise<HubToken | undefined> {
  const { env } = environment;
  if (/^(1|true|yes|on)$/i.test(env.HF_HUB_DISABLE_IMPLICIT_TOKEN?.trim() ?? "")) return undefined;
  for (const variable of ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"]) {
    const value = env[variable]?.trim();
    if (value) return { source: variable, value };
  }
  const hfHome =
    env.HF_HOME?.trim() ||
    join(env.XDG_CACHE_HOME?.trim() || join(environment.homeDir, ".cache"), "huggingface");
  const path = env.HF_TOKEN_PATH?.trim() || join(hfHome, "token");
  const value = (await readFile(path, "utf8").catch(() => ""))?.trim();
  return value ? { source: path, value } : undefined;
}
