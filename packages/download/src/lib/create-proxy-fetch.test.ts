import { afterEach, describe, expect, it } from "@jest/globals";
import { UsageError } from "@hftool/core";
import { startEchoServer, startSocksProxy, type EchoServer, type SocksProxy } from "@hftool/test-utils";
import { createProxyFetch } from "./create-proxy-fetch.js";

let echo: EchoServer | undefined;
let socks: SocksProxy | undefined;
afterEach(async () => {
  await socks?.close();
  await echo?.close();
  echo = socks = undefined;
});

/** The echo server's URL (it answers with the request's method, path, host and body). */
async function startEcho(): Promise<string> {
  echo = await startEchoServer();
  return echo.url;
}

describe("createProxyFetch", () => {
  it("goes through the environment's proxy, keeping a Request's method and body", async () => {
    const origin = await startEcho();
    socks = await startSocksProxy();
    const proxied = createProxyFetch({ env: { ALL_PROXY: `socks5://127.0.0.1:${socks.port}` } });
    const host = new URL(origin).host;
    expect(await (await proxied(`${origin}/a`)).text()).toBe(`GET /a host=${host}`);
    const posted = await proxied(new Request(`${origin}/b`, { method: "POST", body: "hello" }));
    expect(await posted.text()).toBe(`POST /b host=${host} hello`);
    expect(socks.seen.length).toBeGreaterThan(0);
    expect(new Set(socks.seen)).toEqual(new Set([`socks5 ${new URL(origin).host}`]));
  });

  it("goes direct for NO_PROXY hosts and with proxy: false; takes a proxy given instead of the environment's", async () => {
    const origin = await startEcho();
    socks = await startSocksProxy();
    const env = { HTTP_PROXY: `socks5://127.0.0.1:${socks.port}` };
    expect(await (await createProxyFetch({ env: { ...env, NO_PROXY: "127.0.0.1" } })(origin)).text()).toBe(
      `GET / host=${new URL(origin).host}`,
    );
    expect(await (await createProxyFetch({ env, proxy: false })(origin)).text()).toMatch(/^GET \/ /);
    expect(socks.seen).toEqual([]);
    const given = createProxyFetch({ env: {}, proxy: `socks5h://127.0.0.1:${socks.port}` });
    expect(await (await given(origin)).text()).toMatch(/^GET \/ /);
    expect(socks.seen.length).toBeGreaterThan(0);
  });

  it("refuses a proxy that is neither http(s) nor SOCKS", async () => {
    expect(() => createProxyFetch({ proxy: "ftp://127.0.0.1:21" })).toThrow(UsageError);
    const fromEnv = createProxyFetch({ env: { ALL_PROXY: "ftp://127.0.0.1:21" } });
    await expect(fromEnv("http://127.0.0.1:9/")).rejects.toThrow(UsageError);
  });
});
