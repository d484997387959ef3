import { isIP } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { UsageError } from "@hftool/core";
import type { Dispatcher } from "undici";
import { isSocksProxy, openSocksTunnel } from "../internal/http/socks.js";

/** Parameters of {@link createSocksDispatcher}. */
export interface CreateSocksDispatcherParams {
  /**
   * The proxy: `socks5h://` (the proxy resolves names), `socks5://`, `socks4a://` or `socks4://`
   * (resolved here), with `user:password@` for SOCKS5 login.
   */
  proxy: string | URL;
  /** Longest wait for the proxy's handshake, per connection. @default 30000 */
  connectTimeoutMs?: number;
}

/**
 * An undici dispatcher whose connections tunnel through a SOCKS proxy, TLS to the target on top
 * for https, for `fetch(url, { dispatcher })`. undici's own SOCKS5 agent is experimental (it
 * warns on stderr) and has no SOCKS4. A refused login or target fails the request with a
 * cause whose `code` is `ESOCKS`.
 *
 * @throws {UsageError} when `proxy` is not a SOCKS URL.
 */
export async function createSocksDispatcher(params: CreateSocksDispatcherParams): Promise<Dispatcher> {
  const proxy = new URL(String(params.proxy));
  if (!isSocksProxy(proxy)) {
    throw new UsageError(`'${proxy.protocol}//${proxy.host}' is not a SOCKS proxy URL.`, {
      hint: "Use socks5h://, socks5://, socks4a:// or socks4://, e.g. socks5h://127.0.0.1:1080.",
    });
  }
  const undici = await import("undici");
  return new undici.Agent({
    connect: (options, callback) => {
      const port = Number(options.port) || (options.protocol === "https:" ? 443 : 80);
      openSocksTunnel({
        proxy,
        host: options.hostname,
        port,
        ...(params.connectTimeoutMs !== undefined ? { timeoutMs: params.connectTimeoutMs } : {}),
      }).then(
        (socket) => {
          if (options.protocol !== "https:") {
            callback(null, socket);
            return;
          }
          const host = options.hostname.replace(/^\[|\]$/g, "");
          const secure = tlsConnect({
            socket,
            host,
            // SNI takes names only
            ...(isIP(host) === 0 ? { servername: options.servername || host } : {}),
            ALPNProtocols: ["http/1.1"],
          });
          secure.once("secureConnect", () => callback(null, secure));
          secure.once("error", (error) => callback(error, null));
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
      );
    },
  });
}
