/** A proxy and the variable that named it. */
export interface ProxySetting {
  url: string;
  variable: string;
}

/**
 * The proxy curl, Python's requests/httpx and huggingface_hub would use for `target`:
 * `HTTPS_PROXY` for https, `HTTP_PROXY` for http (either case), unless `NO_PROXY` lists the host
 * (`*`, a host, a `.domain` or `domain` suffix, optionally with `:port`).
 */
export function proxyForUrl(
  target: URL,
  env: Readonly<Record<string, string | undefined>>,
): ProxySetting | undefined {
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
    const [entryHost, entryPort] = raw
      .toLowerCase()
      .replace(/^\*?\./, ".")
      .split(/:(?=\d+$)/);
    if (entryPort && entryPort !== port) continue;
    const bare = entryHost!.replace(/^\./, "");
    if (host === bare || host.endsWith(`.${bare}`)) return undefined;
  }
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy.value) ? proxy.value : `http://${proxy.value}`;
  return { url, variable: proxy.variable };
}

/** A URL without its user name and password, safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = parsed.username ? "***" : "";
    parsed.password = parsed.password ? "***" : "";
    return parsed.toString().replace(/\/$/, url.endsWith("/") ? "/" : "");
  } catch {
    return url.replace(/\/\/[^@/]*@/, "//***@");
  }
}
