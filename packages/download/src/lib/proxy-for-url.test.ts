import { describe, expect, it } from "@jest/globals";
import { proxyForUrl } from "./proxy-for-url.js";

describe("proxyForUrl", () => {
  const hub = "https://huggingface.co/api";

  it("uses HTTPS_PROXY for https and HTTP_PROXY for http, in either case, and ALL_PROXY for both", () => {
    expect(proxyForUrl({ url: hub, env: { https_proxy: "http://p:3128" } })).toEqual({
      url: "http://p:3128",
      variable: "https_proxy",
    });
    expect(proxyForUrl({ url: hub, env: { HTTP_PROXY: "http://p:3128" } })).toBeUndefined();
    expect(proxyForUrl({ url: "http://mirror.lan:8080", env: { HTTP_PROXY: "p:3128" } })).toEqual({
      url: "http://p:3128",
      variable: "HTTP_PROXY",
    });
    expect(proxyForUrl({ url: hub, env: { ALL_PROXY: "http://all:1" } })?.url).toBe("http://all:1");
    expect(proxyForUrl({ url: hub, env: {} })).toBeUndefined();
  });

  it("honours NO_PROXY hosts, domain suffixes, ports and *", () => {
    const env = { HTTPS_PROXY: "http://p:3128" };
    const through = (noProxy: string) => proxyForUrl({ url: hub, env: { ...env, NO_PROXY: noProxy } });
    expect(through("huggingface.co")).toBeUndefined();
    expect(through("example.com, .co")).toBeUndefined();
    expect(through("*")).toBeUndefined();
    expect(through("huggingface.co:443")).toBeUndefined();
    expect(through("huggingface.co:8443")).toBeDefined();
    expect(through("face.co")).toBeDefined();
    const v6 = (noProxy: string) =>
      proxyForUrl({ url: "http://[::1]:8080/x", env: { HTTP_PROXY: "p:1", no_proxy: noProxy } });
    expect(v6("::1")).toBeUndefined();
    expect(v6("[::1]:8080")).toBeUndefined();
    expect(v6("[::1]:9090")).toBeDefined();
    expect(proxyForUrl({ url: hub, env: { ...env, NO_PROXY: "*.huggingface.co" } })).toBeUndefined();
  });
});
