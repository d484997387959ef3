import { describe, expect, it } from "@jest/globals";
import { proxyForUrl, redactUrl } from "./proxy-for-url.js";

describe("proxyForUrl", () => {
  const hub = new URL("https://huggingface.co/api");

  it("uses HTTPS_PROXY for https and HTTP_PROXY for http, in either case", () => {
    expect(proxyForUrl(hub, { https_proxy: "http://p:3128" })).toEqual({
      url: "http://p:3128",
      variable: "https_proxy",
    });
    expect(proxyForUrl(hub, { HTTP_PROXY: "http://p:3128" })).toBeUndefined();
    expect(proxyForUrl(new URL("http://mirror.lan:8080"), { HTTP_PROXY: "p:3128" })).toEqual({
      url: "http://p:3128",
      variable: "HTTP_PROXY",
    });
  });

  it("honours NO_PROXY hosts, domain suffixes, ports and *", () => {
    const env = { HTTPS_PROXY: "http://p:3128" };
    expect(proxyForUrl(hub, { ...env, NO_PROXY: "huggingface.co" })).toBeUndefined();
    expect(proxyForUrl(hub, { ...env, NO_PROXY: "example.com, .co" })).toBeUndefined();
    expect(proxyForUrl(hub, { ...env, no_proxy: "*" })).toBeUndefined();
    expect(proxyForUrl(hub, { ...env, NO_PROXY: "huggingface.co:8443" })).toBeDefined();
    expect(proxyForUrl(hub, { ...env, NO_PROXY: "face.co" })).toBeDefined();
  });
});

describe("redactUrl", () => {
  it("hides user names and passwords, and leaves other URLs alone", () => {
    expect(redactUrl("http://bob:s3cret@proxy:3128")).toBe("http://***:***@proxy:3128");
    expect(redactUrl("https://huggingface.co")).toBe("https://huggingface.co");
    expect(redactUrl("not a url://a:b@c")).toBe("not a url://***@c");
  });
});
