import { lookup } from "node:dns/promises";
import { isIP, type Socket } from "node:net";

/** The URL schemes of SOCKS proxies, as curl and Python's requests[socks] spell them. */
export const SOCKS_PROTOCOLS = ["socks5:", "socks5h:", "socks4:", "socks4a:"] as const;

export function isSocksProxy(url: URL): boolean {
  return (SOCKS_PROTOCOLS as readonly string[]).includes(url.protocol);
}

/** Parameters of {@link openSocksTunnel}. */
export interface OpenSocksTunnelParams {
  /** `socks5://`, `socks5h://`, `socks4://` or `socks4a://`, credentials allowed (SOCKS5 user/password, SOCKS4 user id). */
  proxy: URL;
  host: string;
  port: number;
  /** Longest wait for the proxy's handshake. @default 30000 */
  timeoutMs?: number;
}

/**
 * A TCP connection to `host:port` through a SOCKS proxy. As in curl, `socks5h`/`socks4a` let the
 * proxy resolve the name (needed where only the proxy can); `socks5`/`socks4` resolve it here.
 */
export async function openSocksTunnel(params: OpenSocksTunnelParams): Promise<Socket> {
  const { proxy, port, timeoutMs = 30_000 } = params;
  const host = params.host.replace(/^\[|\]$/g, "");
  const remoteDns = proxy.protocol === "socks5h:" || proxy.protocol === "socks4a:";
  const version = proxy.protocol.startsWith("socks4") ? 4 : 5;
  // SOCKS4 carries IPv4 addresses only; SOCKS4a and SOCKS5 also names
  const destination =
    remoteDns || isIP(host) !== 0 ? host : (await lookup(host, version === 4 ? { family: 4 } : {})).address;
  const { SocksClient } = await import("socks");
  const { socket } = await SocksClient.createConnection({
    proxy: {
      host: proxy.hostname.replace(/^\[|\]$/g, ""),
      port: Number(proxy.port) || 1080,
      type: version,
      ...(proxy.username ? { userId: decodeURIComponent(proxy.username) } : {}),
      ...(proxy.password ? { password: decodeURIComponent(proxy.password) } : {}),
    },
    command: "connect",
    destination: { host: destination, port },
    timeout: timeoutMs,
  }).catch((error: unknown) => {
    throw socksError(error);
  });
  return socket;
}

/**
 * A failed SOCKS handshake (refused login, a target the proxy will not reach) as an error with a
 * network code (`ESOCKS`), so callers report it as a connection failure through the proxy
 * instead of an unexpected one. Socket errors keep their own codes (`ECONNREFUSED` when nothing
 * listens at the proxy's address).
 */
export function socksError(error: unknown): Error {
  if (!(error instanceof Error)) return Object.assign(new Error(String(error)), { code: "ESOCKS" });
  if (typeof (error as { code?: unknown }).code === "string") return error;
  // the socks client reports a failed connection to the proxy by message only
  const socket = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)\b/.exec(
    error.message,
  )?.[1];
  return Object.assign(new Error(error.message, { cause: error }), { code: socket ?? "ESOCKS" });
}
