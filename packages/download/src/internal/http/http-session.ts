import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { UsageError } from "@hftool/core";
import { HubProtocolError } from "../../errors.js";
import type { ProxySetting } from "../../lib/proxy-for-url.js";
import { isSocksProxy, socksError } from "./socks.js";

/** One operation's HTTP state: keep-alive agents, the endpoint, and the token it may receive. */
export interface HttpSession {
  endpoint: URL;
  token: string | undefined;
  userAgent: string;
  /** Closes idle keep-alive sockets so the process can exit. */
  close(): void;
  /** Opens a request, following redirects (see {@link openRequest}). */
  request(params: OpenRequestParams): Promise<OpenedResponse>;
  /** The proxy requests to this URL go through, if any (for error messages). */
  proxyFor(url: URL): ProxySetting | undefined;
}

export interface OpenRequestParams {
  url: URL;
  method?: "GET" | "HEAD";
  headers?: Record<string, string>;
  /** Aborts the request (and a body being read). */
  signal?: AbortSignal;
  /** Destroys the request when the server sends nothing (headers or body) for this long. */
  idleTimeoutMs?: number;
  /** Send the token (only ever to the endpoint's own origin). @default true */
  authorize?: boolean;
  /** @default 10 */
  maxRedirects?: number;
}

export interface OpenedResponse {
  response: IncomingMessage;
  /** The URL that finally answered. */
  url: URL;
  /** True when a redirect led to another origin (the token was dropped there). */
  crossOrigin: boolean;
  /** Headers of the first redirect response from the endpoint, when there was one (X-Linked-*). */
  redirectHeaders: IncomingHttpHeaders | undefined;
  /** Refreshes the idle timer; call on every body chunk. */
  touch(): void;
  /** Stops the idle timer (after the body is fully read or abandoned). */
  done(): void;
  /** True when the idle timer fired (the server went silent). */
  readonly stalled: boolean;
}

export class StalledError extends Error {
  readonly code = "STALLED";
  constructor(readonly idleMs: number) {
    super(`no data for ${Math.round(idleMs / 1000)} s`);
    this.name = "StalledError";
  }
}

export interface CreateHttpSessionParams {
  endpoint: string;
  token: string | undefined;
  /** Sockets per origin. @default 16 */
  maxSockets?: number;
  userAgent?: string;
  /** The proxy a request to a URL goes through (see `proxyForUrl`). @default none */
  proxyFor?: (url: URL) => ProxySetting | undefined;
}

export function createHttpSession({
  endpoint,
  token,
  maxSockets = 16,
  userAgent,
  proxyFor,
}: CreateHttpSessionParams): HttpSession {
  const agentOptions = { keepAlive: true, maxSockets, scheduling: "fifo" } as const;
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  // One keep-alive agent per proxy and scheme, created on first use (the modules load only then).
  const proxyAgents = new Map<string, Promise<http.Agent>>();
  const endpointUrl = new URL(endpoint);
  const ua = userAgent ?? `hftool (node/${process.versions.node})`;

  function agentFor(url: URL): http.Agent | Promise<http.Agent> {
    const isHttps = url.protocol === "https:";
    const proxy = proxyFor?.(url);
    if (!proxy) return isHttps ? httpsAgent : httpAgent;
    const key = `${url.protocol}${proxy.url}`;
    let agent = proxyAgents.get(key);
    if (!agent) {
      agent = createProxyAgent(proxy, isHttps, agentOptions);
      proxyAgents.set(key, agent);
    }
    return agent;
  }

  async function once(
    url: URL,
    params: OpenRequestParams,
    sendToken: boolean,
  ): Promise<{ response: IncomingMessage; touch(): void; done(): void; readonly stalled: boolean }> {
    const agent = await agentFor(url);
    return new Promise((resolve, reject) => {
      const isHttps = url.protocol === "https:";
      const headers: Record<string, string> = {
        "user-agent": ua,
        "accept-encoding": "identity",
        ...params.headers,
      };
      if (sendToken && token) headers.authorization = `Bearer ${token}`;
      const request = (isHttps ? https : http).request(url, {
        method: params.method ?? "GET",
        headers,
        agent,
        // Checked against the URL's host even when a proxy tunnel opens the TLS session
        // (https-proxy-agent would check an IP address host against "localhost").
        ...(isHttps
          ? {
              checkServerIdentity: (_host: string, cert: PeerCertificate) =>
                checkServerIdentity(url.hostname.replace(/^\[|\]$/g, ""), cert),
            }
          : {}),
      });
      const idleMs = params.idleTimeoutMs ?? 30_000;
      let settled = false;
      let stalled = false;
      const timer = setTimeout(() => {
        stalled = true;
        request.destroy(new StalledError(idleMs));
      }, idleMs);
      const onAbort = () =>
        request.destroy(
          params.signal!.reason instanceof Error ? params.signal!.reason : new Error("aborted"),
        );
      params.signal?.addEventListener("abort", onAbort, { once: true });
      const cleanup = () => {
        clearTimeout(timer);
        params.signal?.removeEventListener("abort", onAbort);
      };
      request.on("error", (error) => {
        cleanup();
        if (!settled) {
          settled = true;
          reject(error);
        }
      });
      request.on("response", (response) => {
        settled = true;
        timer.refresh();
        response.on("error", cleanup);
        response.on("close", cleanup);
        resolve({
          response,
          touch: () => timer.refresh(),
          done: cleanup,
          get stalled() {
            return stalled;
          },
        });
      });
      if (params.signal?.aborted) onAbort();
      request.end();
    });
  }

  return {
    endpoint: endpointUrl,
    token,
    userAgent: ua,
    proxyFor: (url) => proxyFor?.(url),
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
      for (const agent of proxyAgents.values()) void agent.then((a) => a.destroy()).catch(() => {});
    },
    async request(params) {
      let url = params.url;
      let sendToken = params.authorize !== false;
      let crossOrigin = false;
      let redirectHeaders: IncomingHttpHeaders | undefined;
      const maxRedirects = params.maxRedirects ?? 10;
      for (let hop = 0; ; hop++) {
        // The token goes to the endpoint's origin only: never to a CDN or any other host a redirect names.
        const sameOrigin = url.origin === endpointUrl.origin;
        if (!sameOrigin) sendToken = false;
        const opened = await once(url, params, sendToken && sameOrigin);
        const { response, done } = opened;
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (status >= 300 && status < 400 && status !== 304 && location) {
          response.resume();
          done();
          if (hop >= maxRedirects) {
            throw new HubProtocolError(
              `Too many redirects (more than ${maxRedirects}) for ${redact(params.url)}: the server redirects in a loop.`,
              {
                url: redact(params.url),
                status,
              },
            );
          }
          redirectHeaders ??= response.headers;
          const next = new URL(location, url);
          if (next.protocol !== "http:" && next.protocol !== "https:") {
            throw new HubProtocolError(
              `The server redirected to an unsupported URL scheme (${next.protocol}).`,
              { url: redact(url) },
            );
          }
          if (next.origin !== url.origin) crossOrigin = true;
          url = next;
          continue;
        }
        return {
          response,
          url,
          crossOrigin,
          redirectHeaders,
          touch: opened.touch,
          done,
          get stalled() {
            return opened.stalled;
          },
        };
      }
    },
  };
}

/**
 * An agent that sends requests through an HTTP(S) proxy: `CONNECT` tunnels for https targets,
 * absolute-form requests for http ones, as curl and Python do.
 */
async function createProxyAgent(
  proxy: ProxySetting,
  isHttps: boolean,
  options: http.AgentOptions,
): Promise<http.Agent> {
  const url = proxyUrlOf(proxy);
  if (isSocksProxy(url)) {
    // one agent for both schemes: it opens the tunnel, then TLS on top for https targets
    const { SocksProxyAgent } = await import("socks-proxy-agent");
    class SocksTunnelAgent extends SocksProxyAgent {
      override async connect(
        request: http.ClientRequest,
        connectOptions: Parameters<InstanceType<typeof SocksProxyAgent>["connect"]>[1],
      ) {
        return super.connect(request, connectOptions).catch((error: unknown) => {
          throw socksError(error);
        });
      }
    }
    return new SocksTunnelAgent(url, options);
  }
  if (isHttps) {
    const { HttpsProxyAgent } = await import("https-proxy-agent");
    return new HttpsProxyAgent(url, options);
  }
  const { HttpProxyAgent } = await import("http-proxy-agent");
  return new HttpProxyAgent(url, options);
}

/**
 * The proxy's URL.
 *
 * @throws {UsageError} when it is neither an http(s) nor a SOCKS URL (a typo, a missing scheme).
 */
export function proxyUrlOf(proxy: ProxySetting): URL {
  let url: URL | undefined;
  try {
    url = new URL(proxy.url);
  } catch {
    // reported below
  }
  if (url && (url.protocol === "http:" || url.protocol === "https:" || isSocksProxy(url)) && url.hostname) {
    return url;
  }
  throw new UsageError(
    `The proxy '${redactCredentials(proxy.url)}' (from ${proxy.variable}) is not an http(s) or SOCKS URL.`,
    {
      hint: `Set ${proxy.variable} to a proxy such as http://proxy.example.com:3128 or socks5h://127.0.0.1:1080, or unset it.`,
    },
  );
}

/** A URL without its user name and password. */
export function redactCredentials(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}

/** A URL safe to show: no query string (signed CDN URLs carry credentials there). */
export function redact(url: URL | string): string {
  const u = new URL(String(url));
  return `${u.origin}${u.pathname}`;
}
