import { afterEach, describe, expect, it } from "@jest/globals";
import { createServer, type Server } from "node:http";
import { UsageError } from "@hftool/core";
import { startSocksProxy, type SocksProxy } from "@hftool/test-utils";
import { createProxyFetch } from "./create-proxy-fetch.js";

let server: Server | undefined;
let socks: SocksProxy | undefined;
afterEach(async () => {
  await socks?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = socks = undefined;
});

/** Answers with the request's method, path and body. */
async function startEcho(): Promise<string> {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => res.end(`${req.method} ${req.url} ${body}`.trim()));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe("createProxyFetch", () => {
  it("goes through the environment's proxy, keeping a Request's method and body", async () => {
    const origin = await startEcho();
    socks = await startSocksProxy();
    const proxied = createProxyFetch({ env: { ALL_PROXY: `socks5://127.0.0.1:${socks.port}` } });
    expect(await (await proxied(`${origin}/a`)).text()).toBe("GET /a");
    const posted = await proxied(new Request(`${origin}/b`, { method: "POST", body: "hello" }));
    expect(await posted.text()).toBe("POST /b hello");
    expect(socks.seen.length).toBeGreaterThan(0);
    expect(new Set(socks.seen)).toEqual(new Set([`socks5 ${new URL(origin).host}`]));
  });

  it("goes direct for NO_PROXY hosts and with proxy: false; takes a proxy given instead of the environment's", async () => {
    const origin = await startEcho();
    socks = await startSocksProxy();
    const env = { HTTP_PROXY: `socks5://127.0.0.1:${socks.port}` };
    expect(await (await createProxyFetch({ env: { ...env, NO_PROXY: "127.0.0.1" } })(origin)).text()).toBe(
      "GET /",
    );
    expect(await (await createProxyFetch({ env, proxy: false })(origin)).text()).toBe("GET /");
    expect(socks.seen).toEqual([]);
    const given = createProxyFetch({ env: {}, proxy: `socks5h://127.0.0.1:${socks.port}` });
    expect(await (await given(origin)).text()).toBe("GET /");
    expect(socks.seen.length).toBeGreaterThan(0);
  });

  it("refuses a proxy that is neither http(s) nor SOCKS", async () => {
    expect(() => createProxyFetch({ proxy: "ftp://127.0.0.1:21" })).toThrow(UsageError);
    const fromEnv = createProxyFetch({ env: { ALL_PROXY: "ftp://127.0.0.1:21" } });
    await expect(fromEnv("http://127.0.0.1:9/")).rejects.toThrow(UsageError);
  });
});
