import { afterEach, describe, expect, it } from "@jest/globals";
import { createServer, type Server } from "node:http";
import { UsageError } from "@hftool/core";
import { startSocksProxy, type SocksProxy } from "@hftool/test-utils";
import { fetch } from "undici";
import { createSocksDispatcher } from "./create-socks-dispatcher.js";

let server: Server | undefined;
let socks: SocksProxy | undefined;
afterEach(async () => {
  await socks?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = socks = undefined;
});

async function startEcho(): Promise<number> {
  server = createServer((req, res) => res.end(`${req.method} ${req.url} host=${req.headers.host}`));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

describe("createSocksDispatcher", () => {
  it("sends fetch through the proxy, which resolves the name with socks5h", async () => {
    const port = await startEcho();
    socks = await startSocksProxy();
    const dispatcher = await createSocksDispatcher({ proxy: `socks5h://127.0.0.1:${socks.port}` });
    for (const path of ["/a", "/b"]) {
      const response = await fetch(`http://localhost:${port}${path}`, { dispatcher });
      expect(await response.text()).toBe(`GET ${path} host=localhost:${port}`);
    }
    expect(socks.seen.length).toBeGreaterThan(0);
    expect(new Set(socks.seen)).toEqual(new Set([`socks5 localhost:${port}`]));
    await dispatcher.close();
  });

  it("fails the request with an ESOCKS cause when the proxy refuses the login", async () => {
    const port = await startEcho();
    socks = await startSocksProxy({ credentials: { username: "ada", password: "right" } });
    const dispatcher = await createSocksDispatcher({ proxy: `socks5://ada:wrong@127.0.0.1:${socks.port}` });
    const error = await fetch(`http://127.0.0.1:${port}/`, { dispatcher }).catch((e: unknown) => e);
    expect((error as { cause?: { code?: string; message?: string } }).cause).toMatchObject({
      code: "ESOCKS",
      message: "Socks5 Authentication failed",
    });
    await dispatcher.close();
  });

  it("refuses a URL that is not a SOCKS proxy", async () => {
    await expect(createSocksDispatcher({ proxy: "http://127.0.0.1:3128" })).rejects.toThrow(UsageError);
  });
});
