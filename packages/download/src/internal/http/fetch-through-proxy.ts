import type { Dispatcher } from "undici";
import { createSocksDispatcher } from "../../lib/create-socks-dispatcher.js";
import type { ProxySetting } from "../../lib/proxy-for-url.js";
import { proxyUrlOf } from "./http-session.js";
import { isSocksProxy } from "./socks.js";

/** One dispatcher per proxy (and scheme, for HTTP proxies), kept for its keep-alive connections. */
const proxyDispatchers = new Map<string, Dispatcher>();

/**
 * undici's own fetch with a dispatcher for the proxy (Node's built-in fetch ignores
 * HTTP(S)_PROXY and takes no dispatcher of another undici version).
 *
 * @throws {UsageError} when the proxy is not an http(s) or SOCKS URL.
 */
export async function fetchThroughProxy(proxy: ProxySetting, url: URL, init: RequestInit): Promise<Response> {
  const proxyUrl = proxyUrlOf(proxy);
  const undici = await import("undici");
  const socks = isSocksProxy(proxyUrl);
  const key = socks ? proxyUrl.href : `${url.protocol}${proxyUrl.href}`;
  let dispatcher = proxyDispatchers.get(key);
  if (!dispatcher) {
    // A CONNECT tunnel for https; plain absolute-form requests for http, as curl sends them
    // (proxies often allow CONNECT to port 443 only). SOCKS tunnels every connection.
    dispatcher = socks
      ? await createSocksDispatcher({ proxy: proxyUrl })
      : new undici.ProxyAgent({ uri: proxyUrl.href, proxyTunnel: url.protocol === "https:" });
    proxyDispatchers.set(key, dispatcher);
  }
  const response = await undici.fetch(url, { ...(init as Parameters<typeof undici.fetch>[1]), dispatcher });
  return response as unknown as Response;
}
