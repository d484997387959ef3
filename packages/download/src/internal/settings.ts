import { getHubCacheDir, UsageError } from "@hftool/core";
import { resolve } from "node:path";
import { isTruthy, resolveHubToken } from "../lib/resolve-hub-token.js";

/** Where and how to reach the Hub, shared by every public function that talks to it. */
export interface HubConnectionParams {
  /** Hub or mirror URL. @default HF_ENDPOINT, else https://huggingface.co */
  endpoint?: string;
  /** Token to send; `false` sends none. @default HF_TOKEN, else the token file */
  token?: string | false;
  /** Hugging Face cache folder. @default HF_HUB_CACHE / HF_HOME/hub / ~/.cache/huggingface/hub */
  cacheDir?: string;
  /** Use only the cache, never the network. @default HF_HUB_OFFLINE */
  offline?: boolean;
  /** Environment for the defaults above. @default process.env */
  env?: NodeJS.ProcessEnv;
}

export interface HubSettings {
  endpoint: string;
  token: string | undefined;
  cacheDir: string;
  offline: boolean;
  env: NodeJS.ProcessEnv;
}

export const DEFAULT_ENDPOINT = "https://huggingface.co";

export function resolveSettings(params: HubConnectionParams): HubSettings {
  const env = params.env ?? process.env;
  const endpoint = normalizeEndpoint(params.endpoint ?? (env.HF_ENDPOINT?.trim() || DEFAULT_ENDPOINT));
  return {
    endpoint,
    token: resolveHubToken({ ...(params.token !== undefined ? { token: params.token } : {}), env }).token,
    cacheDir: resolve(params.cacheDir ?? getHubCacheDir({ env })),
    offline: params.offline ?? (isTruthy(env.HF_HUB_OFFLINE) || isTruthy(env.TRANSFORMERS_OFFLINE)),
    env,
  };
}

export function normalizeEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UsageError(`'${value}' is not a valid Hub endpoint URL.`, {
      hint: "Set HF_ENDPOINT (or hub.endpoint) to a URL such as https://huggingface.co or http://mirror:8080.",
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`The Hub endpoint must be an http(s) URL, not '${value}'.`, {
      hint: "Set HF_ENDPOINT to a URL such as https://huggingface.co.",
    });
  }
  return url.toString().replace(/\/+$/, "");
}
