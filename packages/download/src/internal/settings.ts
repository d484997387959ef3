import { getHubCacheDir, UsageError } from "@hftool/core";
import { resolve } from "node:path";
import { proxyForUrl, type ProxySetting } from "../lib/proxy-for-url.js";
import { proxyUrlOf } from "./http/http-session.js";
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
  /**
   * The proxy every request goes through (`http://host:port`, credentials allowed), or `false`
   * for none. @default HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, except for hosts in NO_PROXY
   */
  proxy?: string | false;
  /** Environment for the defaults above. @default process.env */
  env?: NodeJS.ProcessEnv;
}

export interface HubSettings {
  endpoint: string;
  token: string | undefined;
  cacheDir: string;
  offline: boolean;
  env: NodeJS.ProcessEnv;
  /** The proxy a request to this URL goes through, if any. */
  proxyFor(url: URL): ProxySetting | undefined;
  /** From HF_HUB_DOWNLOAD_TIMEOUT: how long a file transfer may receive nothing. */
  readonly downloadTimeoutMs: number | undefined;
  /** From HF_HUB_ETAG_TIMEOUT: how long an API call may take. */
  readonly requestTimeoutMs: number | undefined;
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
    proxyFor: proxyResolver(params.proxy, env),
    // read when used, so a bad value fails downloads, not `cache rm`
    get downloadTimeoutMs() {
      return timeoutFromEnv(env, "HF_HUB_DOWNLOAD_TIMEOUT");
    },
    get requestTimeoutMs() {
      return timeoutFromEnv(env, "HF_HUB_ETAG_TIMEOUT");
    },
  };
}

/**
 * A timeout in seconds from one of huggingface_hub's variables, in ms, so a setting made for
 * the Python tools applies here too.
 *
 * @throws {UsageError} when it is not a positive number.
 */
function timeoutFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`${name} must be a number of seconds, not '${raw}'.`, {
      hint: `For example ${name}=60, or unset it for the default (30 s).`,
    });
  }
  return Math.round(seconds * 1000);
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

/**
 * Which proxy a URL goes through: none with `false`, the one given (checked now), else the
 * environment's (`proxyForUrl`).
 *
 * @throws {UsageError} when the proxy given is not an http(s) or SOCKS URL.
 */
export function proxyResolver(
  proxy: string | false | undefined,
  env: Readonly<Record<string, string | undefined>>,
): (url: URL) => ProxySetting | undefined {
  if (proxy === false) return () => undefined;
  if (proxy !== undefined) {
    const given = proxy.trim();
    const setting = {
      url: /^[a-z][a-z0-9+.-]*:\/\//i.test(given) ? given : `http://${given}`,
      variable: "the proxy option",
    };
    proxyUrlOf(setting);
    return () => setting;
  }
  return (url) => proxyForUrl({ url, env });
}
