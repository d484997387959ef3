/** A proxy and the environment variable that named it. */
export interface ProxySetting {
  /** The proxy's URL (`http://` added when the variable gave only `host:port`). */
  url: string;
  /** `HTTPS_PROXY`, `https_proxy`, `HTTP_PROXY`, … as it was spelled, or `proxy` when passed in. */
  variable: string;
}

export interface ProxyForUrlParams {
  /** Where the request goes. */
  url: URL | string;
  /** @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The proxy a request to `url` goes through, by the rules curl, Python's requests/httpx and
 * `huggingface_hub` follow, so hftool reaches the Hub wherever they do: `HTTPS_PROXY` for https,
 * `HTTP_PROXY` for http, `ALL_PROXY` for either (lower or upper case), unless `NO_PROXY` lists the
 * host (`*`, a host, a `.domain` or `domain` suffix, optionally with `:port`).
 */
export function proxyForUrl(params: ProxyForUrlParams): ProxySetting | undefined {
  const env = params.env ?? process.env;
  const target = new URL(String(params.url));
  const read = (name: string) => {
    for (const variable of [name.toLowerCase(), name.toUpperCase()]) {
      const value = env[variable]?.trim();
      if (value) return { value, variable };
    }
    return undefined;
  };
  const proxy =
    target.protocol === "https:"
      ? (read("https_proxy") ?? read("all_proxy"))
      : (read("http_proxy") ?? read("all_proxy"));
  if (!proxy) return undefined;
  const noProxy = read("no_proxy")?.value ?? "";
  const host = target.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = target.port || (target.protocol === "https:" ? "443" : "80");
  for (const raw of noProxy.split(/[\s,]+/).filter(Boolean)) {
    if (raw === "*") return undefined;
    const { entryHost, entryPort } = parseNoProxyEntry(raw.toLowerCase());
    if (entryPort && entryPort !== port) continue;
    const bare = entryHost.replace(/^\*?\./, "");
    if (host === bare || host.endsWith(`.${bare}`)) return undefined;
  }
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy.value) ? proxy.value : `http://${proxy.value}`;
  return { url, variable: proxy.variable };
}

/** `host`, `host:port`, `.domain`, `*.domain`, a bare IPv6 address or `[v6]:port`. */
function parseNoProxyEntry(entry: string): { entryHost: string; entryPort: string | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { entryHost: bracketed[1]!, entryPort: bracketed[2] };
  if (entry.indexOf(":") !== entry.lastIndexOf(":")) return { entryHost: entry, entryPort: undefined };
  const [entryHost, entryPort] = entry.split(/:(?=\d+$)/);
  return { entryHost: entryHost!, entryPort };
}
