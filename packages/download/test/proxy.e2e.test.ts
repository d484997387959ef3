import { afterEach, describe, expect, it } from "@jest/globals";
import { downloadSnapshot, HubUnavailableError, listRepoFiles } from "../src/index.js";
import { startHttpProxy, startSocksProxy, type HttpProxy, type SocksProxy } from "@hftool/test-utils";
import { expectCachedRepo, FAST, setupFixture, type Fixture } from "./helpers.js";

let fixture: Fixture | undefined;
let proxy: HttpProxy | undefined;
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
    proxy = await startHttpProxy();
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
    proxy = await startHttpProxy();
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
    proxy = await startHttpProxy();
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
    proxy = await startHttpProxy();
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

  it("rejects a proxy that is neither an http(s) nor a SOCKS URL with a clear error", async () => {
    fixture = await setupFixture(repo);
    const common = { repo: "org/tiny", endpoint: fixture.server.url, ...FAST };
    await expect(listRepoFiles({ ...common, proxy: "http://bad host:1" })).rejects.toMatchObject({
      code: "USAGE",
      message: expect.stringContaining("(from the proxy option) is not an http(s) or SOCKS URL"),
    });
    const ftp = { env: { HTTP_PROXY: "ftp://user:pw@127.0.0.1:21" } };
    await expect(listRepoFiles({ ...common, ...ftp })).rejects.toMatchObject({
      code: "USAGE",
      message: "The proxy 'ftp://***@127.0.0.1:21' (from HTTP_PROXY) is not an http(s) or SOCKS URL.",
      hint: expect.stringContaining("socks5h://127.0.0.1:1080"),
    });
    await expect(
      downloadSnapshot({ ...common, cacheDir: fixture.cacheDir, ...ftp, offline: false }),
    ).rejects.toMatchObject({ code: "USAGE" });
    expect(fixture.server.requests).toEqual([]);
  });
});

describe("downloads through a SOCKS proxy", () => {
  let socks: SocksProxy | undefined;
  afterEach(async () => {
    await socks?.close();
    socks = undefined;
  });
  const port = () => new URL(fixture!.server.url).port;

  it("tunnels the listing and the files through ALL_PROXY=socks5h://, the proxy resolving the name", async () => {
    fixture = await setupFixture(repo);
    socks = await startSocksProxy();
    const result = await downloadSnapshot({
      repo: "org/tiny",
      // a name, not an address: with socks5h the proxy looks it up
      endpoint: `http://localhost:${port()}`,
      cacheDir: fixture.cacheDir,
      env: { ALL_PROXY: `socks5h://127.0.0.1:${socks.port}` },
      ...FAST,
    });
    expect(result.bytesDownloaded).toBe(3 * 1024 * 1024 + repo["config.json"].length);
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
    expect(socks.seen.length).toBeGreaterThan(0);
    expect(new Set(socks.seen)).toEqual(new Set([`socks5 localhost:${port()}`]));
    // the API call and both files went through it
    expect(fixture.server.requests.some((r) => r.url.includes("/api/models/org/tiny"))).toBe(true);
  });

  it("resolves the name itself for socks5:// and socks4://, lets the proxy do it for socks4a://", async () => {
    for (const [scheme, expected] of [
      ["socks5", `socks5 127.0.0.1:`],
      ["socks4", `socks4 127.0.0.1:`],
      ["socks4a", `socks4a localhost:`],
    ] as const) {
      fixture = await setupFixture(repo);
      socks = await startSocksProxy();
      await downloadSnapshot({
        repo: "org/tiny",
        endpoint: `http://localhost:${port()}`,
        cacheDir: fixture.cacheDir,
        env: {},
        proxy: `${scheme}://127.0.0.1:${socks.port}`,
        ...FAST,
      });
      expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
      expect(new Set(socks.seen)).toEqual(new Set([`${expected}${port()}`]));
      await socks.close();
      await fixture.close();
      socks = undefined;
      fixture = undefined;
    }
  });

  it("logs in with the URL's user name and password, and says so when the proxy refuses them", async () => {
    fixture = await setupFixture(repo);
    socks = await startSocksProxy({ credentials: { username: "ada", password: "s3cret" } });
    const common = { repo: "org/tiny", endpoint: fixture.server.url, cacheDir: fixture.cacheDir, ...FAST };
    await downloadSnapshot({
      ...common,
      env: { HTTPS_PROXY: "", ALL_PROXY: `socks5://ada:s3cret@127.0.0.1:${socks.port}` },
    });
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);

    const wrong = `socks5://ada:wrong@127.0.0.1:${socks.port}`;
    const before = socks.connections;
    const error = await listRepoFiles({ ...common, env: { ALL_PROXY: wrong } }).catch((e: unknown) => e);
    // a refused login is an answer, not a hiccup: one try, no retries
    expect(socks.connections - before).toBe(1);
    expect(error).toBeInstanceOf(HubUnavailableError);
    const { message, hint } = error as HubUnavailableError;
    expect(message).toContain(`through the proxy socks5://***@127.0.0.1:${socks.port} (from ALL_PROXY)`);
    expect(message).not.toContain("wrong");
    expect(hint).toContain("NO_PROXY");
  });

  it("reports a tunnel the proxy refuses while fetching a file as a failure through the proxy, at once", async () => {
    fixture = await setupFixture(repo, { redirectLfs: true });
    const cdn = Number(new URL(fixture.server.cdnUrl!).port);
    // the proxy lets the Hub through but not the CDN its LFS files redirect to
    socks = await startSocksProxy({ refuse: (_host, port) => port === cdn });
    const error = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      env: { ALL_PROXY: `socks5h://127.0.0.1:${socks.port}` },
      ...FAST,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubUnavailableError);
    expect((error as HubUnavailableError).message).toBe(
      `Downloading 'onnx/model.onnx' from ${new URL(fixture.server.url).host} through the proxy socks5h://127.0.0.1:${socks.port} (from ALL_PROXY) failed: Socks5 proxy rejected connection - HostUnreachable.`,
    );
    // no retries: a refusal is an answer
    expect(socks.seen.filter((line) => line.endsWith(`:${cdn}`))).toHaveLength(1);
  });

  it("says the SOCKS proxy is what failed when nothing listens there", async () => {
    fixture = await setupFixture(repo);
    socks = await startSocksProxy();
    const dead = socks.port;
    await socks.close();
    socks = undefined;
    const error = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      env: { ALL_PROXY: `socks5h://127.0.0.1:${dead}` },
      ...FAST,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubUnavailableError);
    expect((error as HubUnavailableError).message).toContain(
      `through the proxy socks5h://127.0.0.1:${dead} (from ALL_PROXY): connection refused.`,
    );
    expect(fixture.server.requests).toEqual([]);
  });
});
