/** What kind of trouble stopped a request. */
export type NetworkFailureKind =
  | "dns"
  | "refused"
  | "connect-timeout"
  | "response-timeout"
  | "tls"
  | "proxy"
  | "reset"
  | "unreachable"
  | "other";

/** A failed request, understood. */
export interface NetworkFailure {
  kind: NetworkFailureKind;
  /** The system or undici error code (`ENOTFOUND`, `CERT_HAS_EXPIRED`, …). */
  code: string | undefined;
  /** The lowest-level message, for details. */
  message: string;
  /** HTTP status the proxy answered a CONNECT with. */
  proxyStatus?: number;
}

const DNS = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL", "EAI_NODATA", "ENODATA"]);
const UNREACHABLE = new Set(["ENETUNREACH", "EHOSTUNREACH", "EHOSTDOWN", "ENETDOWN", "EADDRNOTAVAIL"]);
const RESET = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ECONNABORTED"]);
const CONNECT_TIMEOUT = new Set(["UND_ERR_CONNECT_TIMEOUT", "ETIMEDOUT"]);

/**
 * Sorts a fetch failure into DNS, refused, timeout (while connecting or while waiting for the
 * answer), TLS, proxy, reset or unreachable, by walking the error's `cause` chain for the code.
 * Through a proxy every connection-level failure is the proxy's: it makes the real connection.
 */
export function classifyNetworkError(error: unknown, options: { viaProxy: boolean }): NetworkFailure {
  const chain: { name?: string; code?: unknown; message?: string }[] = [];
  for (
    let e: unknown = error;
    e && typeof e === "object" && chain.length < 6;
    e = (e as { cause?: unknown }).cause
  ) {
    chain.push(e as { name?: string; code?: unknown; message?: string });
  }
  const deepest = chain.at(-1);
  const codes = chain
    .map((e) => (typeof e.code === "string" ? e.code : undefined))
    .filter(Boolean) as string[];
  const code = codes.at(-1);
  const message = (deepest?.message ?? String(error)).split("\n")[0]!;
  const all = chain.map((e) => e.message ?? "").join(" | ");

  const proxyStatus = /Proxy response \((\d{3})\)/i.exec(all)?.[1];
  if (proxyStatus) return { kind: "proxy", code, message, proxyStatus: Number(proxyStatus) };
  // a SOCKS proxy refused the login or the target
  if (codes.includes("ESOCKS")) return { kind: "proxy", code: "ESOCKS", message };
  if (chain.some((e) => e.name === "TimeoutError" || e.name === "AbortError")) {
    return { kind: "response-timeout", code, message };
  }
  const has = (set: Set<string>) => codes.some((c) => set.has(c));
  const isTls =
    codes.some((c) =>
      /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|EPROTO)/.test(c),
    ) || /certificate|SSL routines|TLS/i.test(all);
  if (isTls) return { kind: "tls", code, message };
  let kind: NetworkFailureKind = "other";
  if (has(DNS)) kind = "dns";
  else if (codes.includes("ECONNREFUSED")) kind = "refused";
  else if (has(CONNECT_TIMEOUT)) kind = "connect-timeout";
  else if (has(UNREACHABLE)) kind = "unreachable";
  else if (has(RESET)) kind = "reset";
  if (options.viaProxy && kind !== "other") return { kind: "proxy", code, message };
  return { kind, code, message };
}
