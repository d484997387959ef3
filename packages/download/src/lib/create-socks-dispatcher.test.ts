import { afterEach, describe, expect, it } from "@jest/globals";
import { UsageError } from "@hftool/core";
import { startEchoServer, startSocksProxy, type EchoServer, type SocksProxy } from "@hftool/test-utils";
import { fetch } from "undici";
import { createSocksDispatcher } from "./create-socks-dispatcher.js";

let echo: EchoServer | undefined;
let socks: SocksProxy | undefined;
afterEach(async () => {
  await socks?.close();
  await echo?.close();
  echo = socks = undefined;
});

describe("createSocksDispatcher", () => {
  it("sends fetch through the proxy, which resolves the name with socks5h", async () => {
    echo = await startEchoServer();
    const { port } = new URL(echo.url);
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
    echo = await startEchoServer();
    socks = await startSocksProxy({ credentials: { username: "ada", password: "right" } });
    const dispatcher = await createSocksDispatcher({ proxy: `socks5://ada:wrong@127.0.0.1:${socks.port}` });
    const error = await fetch(`${echo.url}/`, { dispatcher }).catch((e: unknown) => e);
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
