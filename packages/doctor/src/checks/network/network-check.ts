import type { ProxySetting } from "@hftool/download";
import type { CheckOutcome, DoctorCheck, Suggestion } from "../../types.js";
import { DOCTOR_VERSION } from "../../version.js";
import { probeConfig } from "../shared/probe-config.js";
import { classifyNetworkError, type NetworkFailure } from "./classify-network-error.js";
import { redactUrl } from "./redact-url.js";

const DEFAULT_ENDPOINT = "https://huggingface.co";

type Answer =
  { ok: true; status: number; ms: number; body?: string } | { ok: false; failure: NetworkFailure };

/**
 * The Hub endpoint (`HF_ENDPOINT`, `[hub] endpoint`) answers within the timeout, through the
 * proxy the environment names; failures are told apart (DNS, refused, timeout, TLS, proxy).
 * With a token, `whoami` says whose it is. The token itself is never shown.
 */
export const networkCheck: DoctorCheck = {
  id: "network",
  title: "Hugging Face Hub",
  description:
    "The Hub endpoint (HF_ENDPOINT) answers; proxy, TLS and DNS problems told apart; whose token is set",
  category: "network",
  timeoutMs: ({ networkTimeoutMs }) => networkTimeoutMs + 1500,
  async run(context): Promise<CheckOutcome> {
    const { environment } = context;
    const { config } = await probeConfig(context);
    const rawEndpoint = (config?.hub.endpoint ?? environment.env.HF_ENDPOINT?.trim()) || DEFAULT_ENDPOINT;
    const offline = config
      ? config.hub.offline
      : /^(1|true|yes|on)$/i.test(environment.env.HF_HUB_OFFLINE ?? "");
    let endpoint: URL;
    try {
      endpoint = new URL(rawEndpoint);
      if (endpoint.protocol !== "https:" && endpoint.protocol !== "http:") throw new Error("not http(s)");
    } catch {
      return {
        status: "error",
        message: `The Hub endpoint '${redactUrl(rawEndpoint)}' is not an http(s) URL.`,
        suggestions: [
          {
            description: "Fix HF_ENDPOINT or [hub] endpoint, e.g.",
            command: `export HF_ENDPOINT=${DEFAULT_ENDPOINT}`,
          },
        ],
        data: { endpoint: redactUrl(rawEndpoint) },
      };
    }
    const shown = redactUrl(endpoint.origin + endpoint.pathname.replace(/\/$/, ""));
    // The same rules the downloader uses (@hftool/download), so doctor tests the token downloads send.
    const { createSocksDispatcher, proxyForUrl, resolveHubToken } = await import("@hftool/download");
    const resolved = resolveHubToken({
      env: environment.env as NodeJS.ProcessEnv,
      homeDir: environment.homeDir,
    });
    const token = resolved.token ? { source: resolved.source, value: resolved.token } : undefined;
    const proxy = proxyForUrl({ url: endpoint, env: environment.env });
    const data: Record<string, unknown> = {
      endpoint: shown,
      offline,
      proxy: proxy ? { url: redactUrl(proxy.url), variable: proxy.variable } : null,
      token: token ? { present: true, source: token.source } : { present: false },
    };
    const details: string[] = [];
    if (proxy) details.push(`Through the proxy ${redactUrl(proxy.url)} (from ${proxy.variable}).`);
    details.push(
      token
        ? `A token is set (from ${token.source}); its value is never shown.`
        : "No token is set: public models download fine; gated and private ones need one.",
    );

    if (offline) {
      const source = config?.sourceOf("hub.offline");
      const from =
        source?.kind === "env"
          ? source.variable
          : source && "file" in source
            ? source.file
            : "HF_HUB_OFFLINE";
      return {
        status: "info",
        message: `Offline mode is on (${from}): hftool uses only cached models and does not contact ${shown}.`,
        details,
        data,
      };
    }

    const timeoutMs = context.networkTimeoutMs;
    const undici = await import("undici");
    const connect = { lookup: environment.lookup, timeout: Math.max(100, timeoutMs - 250) };
    const dispatcher = !proxy
      ? new undici.Agent({ connect })
      : /^socks/i.test(proxy.url)
        ? await createSocksDispatcher({ proxy: proxy.url, connectTimeoutMs: connect.timeout })
        : new undici.ProxyAgent({
            uri: proxy.url,
            proxyTls: connect,
            requestTls: { timeout: connect.timeout },
          });
    const request = async (
      path: string,
      init: { method: string; headers?: Record<string, string> },
    ): Promise<Answer> => {
      const started = performance.now();
      const signal = AbortSignal.any([context.signal, AbortSignal.timeout(timeoutMs)]);
      try {
        const response = await undici.fetch(new URL(path, endpoint.href.replace(/\/?$/, "/")), {
          method: init.method,
          headers: { "user-agent": `hftool-doctor/${DOCTOR_VERSION}`, ...init.headers },
          redirect: "manual",
          dispatcher,
          signal,
        });
        const body = init.method === "GET" ? await response.text() : undefined;
        return {
          ok: true,
          status: response.status,
          ms: Math.round(performance.now() - started),
          ...(body !== undefined ? { body } : {}),
        };
      } catch (error) {
        return { ok: false, failure: classifyNetworkError(error, { viaProxy: proxy !== undefined }) };
      }
    };
    try {
      const [reach, whoami] = await Promise.all([
        request("", { method: "HEAD" }),
        token
          ? request("api/whoami-v2", { method: "GET", headers: { authorization: `Bearer ${token.value}` } })
          : Promise.resolve(undefined),
      ]);
      if (!reach.ok) {
        const { message, suggestions } = explainFailure(reach.failure, endpoint, proxy, timeoutMs);
        details.push(`Error: ${reach.failure.code ? `${reach.failure.code}: ` : ""}${reach.failure.message}`);
        return {
          status: "warning",
          message,
          details,
          suggestions,
          data: { ...data, reachable: false, failure: reach.failure },
        };
      }
      data.reachable = true;
      data.status = reach.status;
      data.latencyMs = reach.ms;
      const answered = `${shown} answers (HTTP ${reach.status} in ${reach.ms} ms)`;
      const suggestions: Suggestion[] = [];
      let status: CheckOutcome["status"] = reach.status >= 500 ? "warning" : "ok";
      let who = "";
      if (whoami?.ok && whoami.status === 200) {
        const user = parseWhoami(whoami.body);
        data.token = { ...(data.token as object), valid: true, ...user };
        who = user.name
          ? `; the token belongs to ${user.name}${user.role ? ` (${user.role})` : ""}`
          : "; the token is valid";
      } else if (whoami?.ok && whoami.status === 401) {
        data.token = { ...(data.token as object), valid: false };
        status = "warning";
        who = `; the token from ${token!.source} is rejected (expired or revoked)`;
        suggestions.push(
          {
            description: "Create a new token at https://huggingface.co/settings/tokens and log in",
            command: "hf auth login",
          },
          { description: "Or set it for hftool only", command: "export HF_TOKEN=hf_…" },
        );
      } else if (whoami?.ok) {
        details.push(`whoami answered HTTP ${whoami.status}: this endpoint cannot tell whose the token is.`);
      }
      if (reach.status >= 500) {
        details.push(
          "The server answers but reports an error of its own; downloads may fail until it recovers.",
        );
      }
      return { status, message: `${answered}${who}.`, details, suggestions, data };
    } finally {
      await dispatcher.close().catch(() => undefined);
    }
  },
};

function parseWhoami(body: string | undefined): { name?: string; role?: string } {
  try {
    const parsed = JSON.parse(body ?? "") as { name?: unknown; auth?: { accessToken?: { role?: unknown } } };
    return {
      ...(typeof parsed.name === "string" ? { name: parsed.name } : {}),
      ...(typeof parsed.auth?.accessToken?.role === "string" ? { role: parsed.auth.accessToken.role } : {}),
    };
  } catch {
    return {};
  }
}

function explainFailure(
  failure: NetworkFailure,
  endpoint: URL,
  proxy: ProxySetting | undefined,
  timeoutMs: number,
): { message: string; suggestions: Suggestion[] } {
  const host = endpoint.host;
  const seconds = `${timeoutMs / 1000} s`;
  const custom = endpoint.origin !== DEFAULT_ENDPOINT;
  const checkEndpoint: Suggestion = custom
    ? {
        description: `Check HF_ENDPOINT (${redactUrl(endpoint.origin)}); unset it to use the public Hub`,
        command: "unset HF_ENDPOINT",
      }
    : { description: "Check your internet connection" };
  const offline: Suggestion = {
    description: "Work with cached models only",
    command: "export HF_HUB_OFFLINE=1",
  };
  switch (failure.kind) {
    case "dns":
      return {
        message: `Cannot resolve ${endpoint.hostname}: the DNS lookup failed (${failure.code ?? "no address"}).`,
        suggestions: [checkEndpoint, offline],
      };
    case "refused":
      return {
        message: `${host} refused the connection: nothing listens on that port.`,
        suggestions: custom
          ? [checkEndpoint, { description: "If it is a local mirror, start it", command: "hftool serve" }]
          : [checkEndpoint, offline],
      };
    case "connect-timeout":
      return {
        message: `No connection to ${host} within ${seconds}: a firewall may drop the packets, or a proxy is needed.`,
        suggestions: [
          { description: "Behind a proxy? Name it", command: "export HTTPS_PROXY=http://proxy.example:3128" },
          { description: "Or allow more time", command: "hftool doctor --check network --timeout 15" },
          offline,
        ],
      };
    case "response-timeout":
      return {
        message: `${host} did not answer within ${seconds}.`,
        suggestions: [
          { description: "Allow more time", command: "hftool doctor --check network --timeout 15" },
          offline,
        ],
      };
    case "tls":
      return {
        message: `The TLS handshake with ${host} failed (${failure.code ?? failure.message}).`,
        suggestions: [
          {
            description:
              "Behind a proxy or antivirus that inspects HTTPS? Give Node its CA certificate (PEM file)",
            command: "export NODE_EXTRA_CA_CERTS=/path/to/corporate-ca.pem",
          },
          { description: "Check the system clock: certificates fail when it is wrong" },
        ],
      };
    case "proxy": {
      const name = proxy ? `${redactUrl(proxy.url)} (from ${proxy.variable})` : "the proxy";
      const why =
        failure.proxyStatus === 407
          ? "asks for credentials (HTTP 407)"
          : failure.proxyStatus
            ? `refused the tunnel (HTTP ${failure.proxyStatus})`
            : failure.code === "ECONNREFUSED"
              ? "refused the connection"
              : failure.code === "ESOCKS"
                ? `said no: ${failure.message}`
                : failure.code && /^EAI_|ENOTFOUND/.test(failure.code)
                  ? "cannot be resolved"
                  : `cannot be reached (${failure.code ?? failure.message})`;
      return {
        message: `The proxy ${name} ${why}.`,
        suggestions: [
          failure.proxyStatus === 407
            ? {
                description: "Put the credentials in the proxy URL",
                command: `export ${proxy?.variable ?? "HTTPS_PROXY"}=http://USER:PASSWORD@host:port`,
              }
            : {
                description: `Check ${proxy?.variable ?? "HTTPS_PROXY"}, or bypass the proxy for this host`,
                command: `export NO_PROXY=${endpoint.hostname}`,
              },
        ],
      };
    }
    case "reset":
      return {
        message: `${host} closed the connection before answering (${failure.code ?? "reset"}).`,
        suggestions: [checkEndpoint, offline],
      };
    case "unreachable":
      return {
        message: `No route to ${host} (${failure.code}): the network is down or blocks it.`,
        suggestions: [checkEndpoint, offline],
      };
    default:
      if (failure.message === "bad port") {
        return {
          message: `${host}: port ${endpoint.port} is one that fetch refuses to use (a "bad port" of the Fetch standard).`,
          suggestions: [
            { description: "Serve the mirror on another port, e.g.", command: "hftool serve --port 8080" },
          ],
        };
      }
      return {
        message: `${host} cannot be reached: ${failure.message}`,
        suggestions: [checkEndpoint, offline],
      };
  }
}
