import { afterEach, describe, expect, it } from "@jest/globals";
import { createServer, request, type Server } from "node:http";
import { connect } from "node:net";
import { downloadSnapshot, HubUnavailableError, listRepoFiles } from "../src/index.js";
import { expectCachedRepo, FAST, setupFixture, type Fixture } from "./helpers.js";

/**
 * A forward proxy on loopback, as corporate networks have: absolute-form requests for http
 * targets, CONNECT tunnels for the rest. Records what went through it.
 */
async function startProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url!);
    const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connect", (req, socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(":");
    const upstream = connect(Number(port), host!, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let fixture: Fixture | undefined;
let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
afterEach(async () => {
  await fixture?.close();
  await proxy?.close();
  fixture = undefined;
  proxy = undefined;
});

const repo = {
  "config.json": '{"model_type":"bert"}\n',
  "onnx/model.onnx": { size: 3 * 1024 * 1024 },
};

describe("downloads through an HTTP proxy", () => {
  it("follows HTTP_PROXY for the listing and the files, like curl and huggingface_hub", async () => {
    fixture = await setupFixture(repo);
    proxy = await startProxy();
    const result = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      env: { HTTP_PROXY: proxy.url },
      ...FAST,
    });
    expect(result.bytesDownloaded).toBe(3 * 1024 * 1024 + repo["config.json"].length);
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
    const origin = fixture.server.url;
    expect(proxy.seen.some((line) => line.startsWith(`GET ${origin}/api/models/org/tiny`))).toBe(true);
    expect(
      proxy.seen.some(
        (line) => line.startsWith(`GET ${origin}/org/tiny/resolve/`) && line.endsWith("/onnx/model.onnx"),
      ),
    ).toBe(true);
    expect(proxy.seen.some((line) => line.endsWith("/config.json"))).toBe(true);
  });

  it("goes direct for hosts in NO_PROXY, and when told proxy: false", async () => {
    fixture = await setupFixture(repo);
    proxy = await startProxy();
    const common = { repo: "org/tiny", endpoint: fixture.server.url, ...FAST };
    await listRepoFiles({ ...common, env: { HTTP_PROXY: proxy.url, NO_PROXY: "localhost,127.0.0.1" } });
    await downloadSnapshot({
      ...common,
      cacheDir: fixture.cacheDir,
      env: { http_proxy: proxy.url },
      proxy: false,
    });
    expect(proxy.seen).toEqual([]);
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
  });

  it("takes a proxy passed in, whatever the environment says", async () => {
    fixture = await setupFixture(repo);
    proxy = await startProxy();
    await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      env: {},
      proxy: proxy.url.replace("http://", ""),
      ...FAST,
    });
    expect(proxy.seen.filter((line) => line.includes("/resolve/")).length).toBe(2);
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
  });

  it("says the proxy is what failed when it cannot be reached, and how to bypass it", async () => {
    fixture = await setupFixture(repo);
    proxy = await startProxy();
    const dead = proxy.url;
    await proxy.close();
    proxy = undefined;
    const error = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      env: { HTTP_PROXY: `http://user:secret@${dead.slice("http://".length)}` },
      ...FAST,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubUnavailableError);
    const { message, hint } = error as HubUnavailableError;
    expect(message).toContain(
      `through the proxy http://***@${dead.slice("http://".length)} (from HTTP_PROXY)`,
    );
    expect(message).not.toContain("secret");
    expect(hint).toContain("NO_PROXY");
    expect(fixture.server.requests).toEqual([]);
  });

  it("rejects a proxy that is not an http(s) URL with a clear error", async () => {
    fixture = await setupFixture(repo);
    const common = { repo: "org/tiny", endpoint: fixture.server.url, ...FAST };
    await expect(listRepoFiles({ ...common, proxy: "http://bad host:1" })).rejects.toMatchObject({
      code: "USAGE",
      message: expect.stringContaining("(from the proxy option) is not an http(s) URL"),
    });
    const socks = { env: { HTTP_PROXY: "socks5://user:pw@127.0.0.1:1080" } };
    await expect(listRepoFiles({ ...common, ...socks })).rejects.toMatchObject({
      code: "USAGE",
      message: "The proxy 'socks5://***@127.0.0.1:1080' (from HTTP_PROXY) is not an http(s) URL.",
      hint: expect.stringContaining("SOCKS proxies are not supported"),
    });
    await expect(
      downloadSnapshot({ ...common, cacheDir: fixture.cacheDir, ...socks, offline: false }),
    ).rejects.toMatchObject({ code: "USAGE" });
    expect(fixture.server.requests).toEqual([]);
  });
});
