import { AbortError, UsageError } from "@hftool/core";
import { HubUnavailableError, RateLimitError } from "../../errors.js";
import type { ProxySetting } from "../../lib/proxy-for-url.js";
import { fetchThroughProxy } from "./fetch-through-proxy.js";
import { redactCredentials } from "./http-session.js";
import { hubErrorFromResponse, type HubRequestContext } from "./hub-error-from-response.js";
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isRetryableNetworkError,
  isRetryableStatus,
  parseRetryAfter,
  sleep,
  type RetryPolicy,
} from "./retry-policy.js";

export interface CreateHubFetchParams {
  endpoint: string;
  token: string | undefined;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout. @default 30000 */
  timeoutMs?: number;
  /** What the calls are about, for error messages. */
  context: Omit<HubRequestContext, "endpoint" | "hasToken">;
  /** Called before each retry. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** The proxy a request to a URL goes through (see `proxyForUrl`). @default none */
  proxyFor?: (url: URL) => ProxySetting | undefined;
}

/**
 * A `fetch` for `@huggingface/hub`'s API helpers that adds what they lack: the token (only for
 * the endpoint's origin, so a token never leaves for a mirror's CDN), retries with backoff and
 * `Retry-After`, a timeout, cancellation, and typed errors from `X-Error-Code`.
 */
export function createHubFetch(params: CreateHubFetchParams): typeof fetch {
  const policy = { ...DEFAULT_RETRY_POLICY, ...params.retry };
  const origin = new URL(params.endpoint).origin;
  const context: HubRequestContext = {
    ...params.context,
    endpoint: params.endpoint,
    hasToken: Boolean(params.token),
  };

  return async (input: Parameters<typeof fetch>[0], init: RequestInit = {}) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? String(input) : input.url);
    const headers = new Headers(init.headers);
    headers.delete("authorization");
    if (params.token && url.origin === origin) headers.set("authorization", `Bearer ${params.token}`);
    if (!headers.has("user-agent")) headers.set("user-agent", `hftool (node/${process.versions.node})`);
    let attempt = 0;
    for (;;) {
      if (params.signal?.aborted) throw toAbort(params.signal);
      const timeout = AbortSignal.timeout(params.timeoutMs ?? 30_000);
      const signal = params.signal ? AbortSignal.any([params.signal, timeout]) : timeout;
      const proxy = params.proxyFor?.(url);
      let response: Response;
      try {
        response = proxy
          ? await fetchThroughProxy(proxy, url, { ...init, headers, signal })
          : await fetch(url, { ...init, headers, signal });
      } catch (error) {
        if (params.signal?.aborted) throw toAbort(params.signal);
        if (error instanceof UsageError) throw error;
        const timedOut = timeout.aborted;
        // An untrusted certificate stays untrusted, a SOCKS proxy's "no" stays no: no point in retrying.
        const retryable =
          !isUntrustedCertificate(error) &&
          !isSocksRefusal(error) &&
          (timedOut || isRetryableNetworkError(error) || error instanceof TypeError);
        // A refused connection on the first call usually means a wrong HF_ENDPOINT: fail fast-ish.
        const limit = isRefused(error) ? Math.min(2, policy.maxRetries) : policy.maxRetries;
        if (!retryable || attempt >= limit) {
          const through = proxy
            ? ` through the proxy ${redactCredentials(proxy.url)} (from ${proxy.variable})`
            : "";
          throw new HubUnavailableError(
            `Cannot reach ${params.endpoint}${through}: ${timedOut ? "the request timed out" : describeNetworkError(error)}.`,
            { ...context, url: `${url.origin}${url.pathname}` },
            {
              cause: error,
              ...(isUntrustedCertificate(error)
                ? {
                    hint: "If your network (a company proxy or mirror) uses its own certificate authority, point NODE_EXTRA_CA_CERTS at its PEM file and run again.",
                  }
                : proxy
                  ? {
                      hint: `Check that the proxy is up and lets ${url.host} through; to bypass it for this host, add it to NO_PROXY.`,
                    }
                  : {}),
            },
          );
        }
        attempt++;
        const delayMs = backoffDelay(policy, attempt);
        params.onRetry?.({ attempt, delayMs, reason: timedOut ? "timeout" : describeNetworkError(error) });
        await sleep(delayMs, params.signal).catch(() => {
          throw toAbort(params.signal!);
        });
        continue;
      }
      if (response.ok || (response.status >= 300 && response.status < 400)) return response;
      const body = await response.text().catch(() => "");
      if (isRetryableStatus(response.status) && attempt < policy.maxRetries) {
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
        if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) {
          throw new RateLimitError({
            ...context,
            status: response.status,
            retryAfterSeconds: retryAfter / 1000,
            url: `${url.origin}${url.pathname}`,
          });
        }
        attempt++;
        const delayMs = retryAfter ?? backoffDelay(policy, attempt);
        params.onRetry?.({ attempt, delayMs, reason: `HTTP ${response.status}` });
        await sleep(delayMs, params.signal).catch(() => {
          throw toAbort(params.signal!);
        });
        continue;
      }
      throw hubErrorFromResponse(
        { status: response.status, header: (name) => response.headers.get(name) ?? undefined, body },
        { ...context, url: `${url.origin}${url.pathname}` },
      );
    }
  };
}

function toAbort(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new AbortError();
}

/** The error code of a network failure: fetch wraps it in `cause`, node:http errors carry it. */
function networkErrorCode(error: unknown): string | undefined {
  return (error as { cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
}

/** A SOCKS proxy refused the login or the target (`ESOCKS`, see `socksError`). */
function isSocksRefusal(error: unknown): boolean {
  return networkErrorCode(error) === "ESOCKS";
}

function isRefused(error: unknown): boolean {
  const code = networkErrorCode(error);
  return code === "ECONNREFUSED" || code === "ENOTFOUND";
}

const UNTRUSTED_CERTIFICATE_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
]);

/** The server's (or a TLS-inspecting proxy's) certificate chains to no CA Node trusts. */
export function isUntrustedCertificate(error: unknown): boolean {
  return UNTRUSTED_CERTIFICATE_CODES.has(networkErrorCode(error) ?? "");
}

export function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { message?: string } })?.cause;
  const code = networkErrorCode(error);
  if (isUntrustedCertificate(error)) return `its TLS certificate is not trusted (${code})`;
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host name not found";
    case "ECONNRESET":
      return "connection reset";
    case "ETIMEDOUT":
      return "connection timed out";
    default:
      return cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
}
