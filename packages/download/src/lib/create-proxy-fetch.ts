import { fetchThroughProxy } from "../internal/http/fetch-through-proxy.js";
import { proxyResolver } from "../internal/settings.js";

/** Parameters of {@link createProxyFetch}. */
export interface CreateProxyFetchParams {
  /** Where `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` are read. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * The proxy every request goes through (`http://host:port`, `socks5h://host:port`, credentials
   * allowed), or `false` for none, whatever the environment says. @default the environment's
   */
  proxy?: string | false;
}

/**
 * A `fetch` that goes through the proxies the environment names, by the rules `proxyForUrl`
 * follows (Node's built-in `fetch` ignores them): HTTP(S) proxies, with `CONNECT` for https, and
 * SOCKS proxies. Hand it to anything that takes a `fetch`, such as `@huggingface/hub`'s
 * functions; hftool reads inputs given as URLs with it.
 *
 * @throws {UsageError} at once when `proxy` is not an http(s) or SOCKS URL; the returned
 *   `fetch` rejects with one when the environment's proxy is not.
 */
export function createProxyFetch(params: CreateProxyFetchParams = {}): typeof fetch {
  const proxyFor = proxyResolver(params.proxy, params.env ?? process.env);
  return async (input, init = {}) => {
    const request = typeof input === "string" || input instanceof URL ? undefined : input;
    const url = new URL(request ? request.url : String(input));
    const proxy = proxyFor(url);
    if (!proxy) return fetch(input, init);
    // a Request's own method, headers and body, as fetch(request, init) would take them
    const fromRequest: RequestInit = request
      ? {
          method: request.method,
          headers: request.headers,
          signal: request.signal,
          ...(request.body ? { body: request.body, duplex: "half" } : {}),
        }
      : {};
    return fetchThroughProxy(proxy, url, { ...fromRequest, ...init });
  };
}
