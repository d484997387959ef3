import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import {
  createFixtureRepo,
  createTempHome,
  cliBinPath,
  runCli,
  sha256Hex,
  startHttpProxy,
  startSocksProxy,
  type TempHome,
} from "@hftool/test-utils";
import { createHubServer, type HubServer } from "@hftool/download";
import { spawn } from "node:child_process";
import { request } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { generate as generateCertificate } from "selfsigned";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const MiB = 1024 * 1024;
let user: TempHome;
let server: HubServer | undefined;
let cacheDir: string;

beforeEach(() => {
  user = createTempHome();
  cacheDir = join(user.root, "cache");
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  user.cleanup();
});

const env = (extra: NodeJS.ProcessEnv = {}) => ({
  ...user.env,
  HF_ENDPOINT: server?.url,
  HF_HUB_CACHE: cacheDir,
  ...extra,
});
const hftool = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  runCli(args, { cwd: user.cwd, env: env(extra), timeoutMs: 120_000 });

/** A repo laid out like onnx-community's: several weight variants of one model. */
function whisperLike(dir: string): string {
  return createFixtureRepo(dir, {
    "config.json": '{"model_type":"whisper"}\n',
    "tokenizer.json": '{"version":"1.0"}\n',
    "onnx/encoder_model.onnx": { size: 600_000 },
    "onnx/encoder_model_fp16.onnx": { size: 300_000 },
    "onnx/encoder_model_quantized.onnx": { size: 150_000 },
    "onnx/decoder_model_merged.onnx": { size: 500_000 },
    "onnx/decoder_model_merged_quantized.onnx": { size: 120_000 },
  });
}

async function serve(
  repos: Record<string, string>,
  options: Parameters<typeof createHubServer>[0] = {},
): Promise<HubServer> {
  server = await createHubServer({ ...options, repos });
  return server;
}

function snapshotFiles(repo: string): string[] {
  const snapshots = join(cacheDir, `models--${repo.replace("/", "--")}`, "snapshots");
  const [commit] = readdirSync(snapshots);
  const walk = (dir: string, prefix = ""): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    );
  return walk(join(snapshots, commit!)).sort();
}

describe("hftool download", () => {
  it("downloads any Hub repo, printing the snapshot path on stdout and progress on stderr", async () => {
    await serve({ "org/tiny": whisperLike(join(user.root, "repo")) });
    const r = await hftool(["download", "org/tiny"]);
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    const path = r.stdout.trim();
    expect(path).toMatch(/models--org--tiny\/snapshots\/[0-9a-f]{40}$/);
    expect(readFileSync(join(path, "config.json"), "utf8")).toContain("whisper");
    // A repo outside the registry gets every file, and each one is reported verified.
    expect(snapshotFiles("org/tiny")).toHaveLength(7);
    expect(r.stderr).toContain("✓ onnx/encoder_model.onnx");
    expect(r.stderr).toContain("verified sha256");
    expect(r.stderr).toMatch(/org\/tiny: downloaded .* all files verified/);

    const again = await hftool(["download", "-m", "org/tiny"]);
    expect(again.stderr).toContain("already in the cache");
    expect(again.stdout.trim()).toBe(path);
  });

  it("fetches one weight variant of a registry model (--dtype), through its registry name", async () => {
    await serve({ "onnx-community/whisper-base": whisperLike(join(user.root, "repo")) });
    const q8 = await hftool(["download", "-m", "whisper-base", "--dtype", "q8"]);
    expect({ code: q8.code, stderr: q8.stderr }).toMatchObject({ code: 0 });
    expect(snapshotFiles("onnx-community/whisper-base")).toEqual([
      "config.json",
      "onnx/decoder_model_merged_quantized.onnx",
      "onnx/encoder_model_quantized.onnx",
      "tokenizer.json",
    ]);
    const byTask = await hftool(["download", "-t", "asr", "--dry-run"]);
    expect(byTask.stdout).toMatch(/onnx-community\/whisper-base/);
    // The task's default model, in its default variant (fp32): the shared files are cached already.
    expect(byTask.stdout).toMatch(/config\.json\s+25 B\s+cached/);
    expect(byTask.stdout).toMatch(/onnx\/encoder_model\.onnx\s+585\.9 KB\s+download/);
    expect(byTask.stdout).not.toContain("_quantized");
    const none = await hftool(["download", "-m", "whisper-base", "--dtype", "bnb4"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("has no bnb4 weights");
    // only complete variants are offered: fp16 has an encoder but no decoder here
    expect(none.stderr).toContain("Pick one of: fp32, q8");
  });

  it("takes the cache folder, endpoint and parallelism from config (paths.models_dir, hub.endpoint, download.max_workers)", async () => {
    // Connections capped like a CDN's, so that more of them help and hftool opens them.
    await serve(
      { "org/tiny": createFixtureRepo(join(user.root, "repo"), { "model.safetensors": { size: 40 * MiB } }) },
      { throttleBytesPerSecond: 32 * MiB },
    );
    const elsewhere = join(user.root, "models-here");
    const noEnv = { ...user.env };
    for (const [key, value] of [
      ["hub.endpoint", server!.url],
      ["paths.models_dir", elsewhere],
      ["download.max_workers", "1"],
    ]) {
      expect((await runCli(["config", "set", key!, value!], { cwd: user.cwd, env: noEnv })).code).toBe(0);
    }
    const r = await runCli(["download", "org/tiny"], { cwd: user.cwd, env: noEnv, timeoutMs: 120_000 });
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    expect(r.stdout.trim().startsWith(join(elsewhere, "models--org--tiny", "snapshots"))).toBe(true);
    // One connection: a single request for the whole file.
    expect(server!.requests.filter((q) => q.file === "model.safetensors").map((q) => q.range)).toEqual([
      undefined,
    ]);
    server!.resetStats();
    const parallel = await runCli(["download", "org/tiny", "--force", "--max-workers", "4"], {
      cwd: user.cwd,
      env: noEnv,
      timeoutMs: 120_000,
    });
    expect(parallel.code).toBe(0);
    expect(server!.requests.filter((q) => q.file === "model.safetensors" && q.range).length).toBeGreaterThan(
      1,
    );
  });

  it("streams NDJSON progress events and a final result with --json", async () => {
    await serve({
      "org/tiny": createFixtureRepo(join(user.root, "repo"), {
        "config.json": "{}\n",
        "onnx/model.onnx": { size: 3 * MiB },
      }),
    });
    const r = await hftool(["download", "org/tiny", "--json"]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
    expect(lines[0]).toMatchObject({ type: "plan", repo: "org/tiny", totalBytes: 3 * MiB + 3 });
    expect(lines.some((l) => l.type === "progress")).toBe(true);
    expect(lines.filter((l) => l.type === "file-done")).toHaveLength(2);
    const result = lines.at(-1)!;
    expect(result).toMatchObject({
      type: "result",
      success: true,
      downloads: [{ repo: "org/tiny", bytesDownloaded: 3 * MiB + 3 }],
    });
    expect(r.stderr).toBe("");
  });

  it("lists files, sizes and cache state with --dry-run, downloading nothing", async () => {
    await serve({
      "org/tiny": createFixtureRepo(join(user.root, "repo"), {
        "config.json": "{}\n",
        "onnx/model.onnx": { size: MiB },
      }),
    });
    await hftool(["download", "org/tiny", "--include", "*.json"]);
    const r = await hftool(["download", "org/tiny", "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/config\.json\s+3 B\s+cached/);
    expect(r.stdout).toMatch(/onnx\/model\.onnx\s+1\.0 MB\s+download/);
    expect(r.stdout).toContain("would download 1 (1.0 MB)");
    expect(
      existsSync(
        join(
          cacheDir,
          "models--org--tiny",
          "blobs",
          sha256Hex(readFileSync(join(user.root, "repo", "onnx", "model.onnx"))),
        ),
      ),
    ).toBe(false);
  });

  it("resumes after Ctrl-C: status shows the partial with % and the command, and the next run starts there", async () => {
    await serve(
      { "org/tiny": createFixtureRepo(join(user.root, "repo"), { "onnx/model.onnx": { size: 8 * MiB } }) },
      { throttleBytesPerSecond: 2 * MiB },
    );
    const child = spawn(process.execPath, [cliBinPath(), "download", "org/tiny"], {
      cwd: user.cwd,
      env: env(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    while (server!.bytesSent() < 3 * MiB) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/run it again to resume/);

    const status = await hftool(["status", "--json"]);
    const report = JSON.parse(status.stdout) as {
      partials: { repo: string; percent: number; resumeCommand: string; files: string[] }[];
    };
    expect(report.partials).toHaveLength(1);
    expect(report.partials[0]).toMatchObject({
      repo: "org/tiny",
      files: ["onnx/model.onnx"],
      resumeCommand: "hftool download -m org/tiny --include onnx/model.onnx",
    });
    expect(report.partials[0]!.percent).toBeGreaterThan(20);
    const text = await hftool(["status"]);
    expect(text.stdout).toMatch(/Partial downloads \(1/);
    expect(text.stdout).toContain("resume: hftool download -m org/tiny --include onnx/model.onnx");

    server!.setFaults([]);
    const resumed = await hftool(["download", "-m", "org/tiny", "--include", "onnx/model.onnx", "--json"]);
    expect(resumed.code).toBe(0);
    const events = resumed.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; resumedBytes?: number; resumeBytes?: number });
    expect(events[0]!.resumeBytes).toBeGreaterThan(2 * MiB);
    expect(events.find((e) => e.type === "file-start")!.resumedBytes).toBeGreaterThan(2 * MiB);
    expect((await hftool(["status", "--json"])).stdout).toContain('"partials": []');
  });

  it("prints plain progress lines without a terminal, and explains offline misses", async () => {
    await serve({
      "org/tiny": createFixtureRepo(join(user.root, "repo"), {
        "config.json": "{}\n",
        "onnx/model.onnx": { size: MiB },
      }),
    });
    await hftool(["download", "org/tiny", "--include", "config.json"]);
    const offline = await hftool(["download", "org/tiny"], { HF_HUB_OFFLINE: "1" });
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain("onnx/model.onnx");
    expect(offline.stderr).toMatch(/Offline mode is on/);
    expect(offline.stderr).toContain("hftool download -m org/tiny");
    const offlineOk = await hftool(["download", "org/tiny", "--include", "*.json"], { HF_HUB_OFFLINE: "1" });
    expect(offlineOk.code).toBe(0);
  });

  it("goes through HTTP_PROXY, and says so when the proxy is down", async () => {
    await serve({ "org/tiny": createFixtureRepo(join(user.root, "repo"), { "config.json": "{}\n" }) });
    const proxy = await startHttpProxy();
    const proxyUrl = proxy.url;
    try {
      const ok = await hftool(["download", "org/tiny"], { HTTP_PROXY: proxyUrl });
      expect({ code: ok.code, stderr: ok.stderr }).toMatchObject({ code: 0 });
      expect(proxy.seen.some((line) => line.endsWith("/config.json"))).toBe(true);
    } finally {
      await proxy.close();
    }
    // The proxy is gone now; a cache without the repo has nothing to fall back on.
    const down = await hftool(["download", "org/tiny"], {
      HTTP_PROXY: proxyUrl,
      HF_HUB_CACHE: join(user.root, "other-cache"),
    });
    expect(down.code).not.toBe(0);
    expect(down.stderr).toContain(`through the proxy ${proxyUrl} (from HTTP_PROXY)`);
    expect(down.stderr).toContain("NO_PROXY");
    expect(down.stderr).not.toMatch(/\n\s+at /);
  });

  it("downloads over HTTPS: directly, through an HTTPS_PROXY tunnel or a SOCKS proxy, and explains an untrusted certificate", async () => {
    await serve({
      "org/tiny": createFixtureRepo(join(user.root, "repo"), { "onnx/model.onnx": { size: MiB } }),
    });
    // A TLS front for the Hub server, with a certificate for 127.0.0.1 that only this test trusts.
    const pems = await generateCertificate([{ name: "commonName", value: "127.0.0.1" }], {
      keyType: "ec",
      algorithm: "sha256",
      extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
    });
    const caFile = join(user.root, "test-ca.pem");
    writeFileSync(caFile, pems.cert);
    const hub = new URL(server!.url);
    const tls = createHttpsServer({ key: pems.private, cert: pems.cert }, (req, res) => {
      const upstream = request(
        { host: hub.hostname, port: hub.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    const proxy = await startHttpProxy();
    // what went through CONNECT (for an https endpoint nothing else may: absolute-form would be plain http)
    const tunnels = () =>
      proxy.seen.map((line) => {
        expect(line).toMatch(/^CONNECT /);
        return line.slice("CONNECT ".length);
      });
    await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
    const endpoint = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
    const proxyUrl = proxy.url;
    try {
      const direct = await hftool(["download", "org/tiny"], {
        HF_ENDPOINT: endpoint,
        NODE_EXTRA_CA_CERTS: caFile,
      });
      expect({ code: direct.code, stderr: direct.stderr }).toMatchObject({ code: 0 });
      expect(tunnels()).toEqual([]);
      const tunnelled = await hftool(["download", "org/tiny", "--force"], {
        HF_ENDPOINT: endpoint,
        NODE_EXTRA_CA_CERTS: caFile,
        HTTPS_PROXY: proxyUrl,
      });
      expect({ code: tunnelled.code, stderr: tunnelled.stderr }).toMatchObject({ code: 0 });
      // the listing (undici) and the bytes (https-proxy-agent) both went through CONNECT
      expect(tunnels().length).toBeGreaterThanOrEqual(2);
      expect(new Set(tunnels())).toEqual(new Set([new URL(endpoint).host]));
      // TLS inside a SOCKS tunnel, as through `ssh -D`: the certificate is still checked for 127.0.0.1
      const socks = await startSocksProxy();
      try {
        const viaSocks = await hftool(["download", "org/tiny", "--force"], {
          HF_ENDPOINT: endpoint,
          NODE_EXTRA_CA_CERTS: caFile,
          ALL_PROXY: `socks5h://127.0.0.1:${socks.port}`,
        });
        expect({ code: viaSocks.code, stderr: viaSocks.stderr }).toMatchObject({ code: 0 });
        expect(viaSocks.stderr).not.toContain("Warning");
        expect(socks.seen.length).toBeGreaterThanOrEqual(2);
        expect(new Set(socks.seen)).toEqual(new Set([`socks5 ${new URL(endpoint).host}`]));
      } finally {
        await socks.close();
      }
      const untrusted = await hftool(["download", "org/tiny"], {
        HF_ENDPOINT: endpoint,
        HF_HUB_CACHE: join(user.root, "other-cache"),
      });
      expect(untrusted.code).not.toBe(0);
      expect(untrusted.stderr).toContain("TLS certificate is not trusted");
      expect(untrusted.stderr).toContain("NODE_EXTRA_CA_CERTS");
      expect(untrusted.stderr).not.toMatch(/retrying/);
    } finally {
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
      await proxy.close();
    }
  });

  it("explains gated repos, missing repos, and --all without confirmation", async () => {
    await serve(
      { "org/tiny": createFixtureRepo(join(user.root, "repo"), { "config.json": "{}\n" }) },
      { token: "hf_ok", gated: ["org/tiny"] },
    );
    const gated = await hftool(["download", "org/tiny"]);
    expect(gated.code).toBe(1);
    expect(gated.stderr).toContain("gated");
    expect(gated.stderr).toContain("HF_TOKEN");
    expect((await hftool(["download", "org/tiny"], { HF_TOKEN: "hf_ok" })).code).toBe(0);
    const missing = await hftool(["download", "org/nothere"]);
    expect(missing.stderr).toContain("Repository 'org/nothere' was not found");
    const all = await hftool(["download", "--all"]);
    expect(all.code).toBe(2);
    expect(all.stderr).toContain("-y");
    expect(all.stderr).not.toMatch(/\s+at .+:\d+:\d+/);
  });
});

describe("hftool status, models -d, info, cache, rm", () => {
  it("shows what is downloaded, verifies and repairs, prunes, and removes", async () => {
    await serve({
      "onnx-community/whisper-base": whisperLike(join(user.root, "repo")),
      "org/other": createFixtureRepo(join(user.root, "other"), { "a.json": "{}" }),
    });
    expect((await hftool(["download", "-m", "whisper-base"])).code).toBe(0);
    expect((await hftool(["download", "org/other"])).code).toBe(0);

    const models = await hftool(["models", "-d"]);
    expect(models.stdout).toMatch(/whisper-base\s+automatic-speech-recognition/);
    expect(models.stdout).toContain("org/other");
    const modelsJson = JSON.parse((await hftool(["models", "-d", "--json"])).stdout) as {
      name: string;
      registry: boolean;
      sizeOnDisk: number;
    }[];
    expect(modelsJson.find((m) => m.name === "whisper-base")).toMatchObject({ registry: true });
    expect(modelsJson.find((m) => m.name === "whisper-base")!.sizeOnDisk).toBeGreaterThan(1_000_000);

    const info = await hftool(["info", "whisper-base", "--json"]);
    expect(JSON.parse(info.stdout)).toMatchObject({ cache: { downloaded: true } });
    expect((await hftool(["info", "whisper-base"])).stdout).toMatch(/Downloaded\s+yes/);

    const status = await hftool(["status"]);
    expect(status.stdout).toContain(cacheDir);
    expect(status.stdout).toMatch(/Disk\s+.* free of /);
    expect(status.stdout).toMatch(/whisper-base\s+onnx-community\/whisper-base/);

    const ls = await hftool(["cache", "ls"]);
    expect(ls.stdout).toMatch(/onnx-community\/whisper-base\s+\d/);
    expect(ls.stdout).toContain("org/other");

    // Corrupt one file in place: verify finds it (exit 1), --repair fixes it from the server.
    const snapshot = join(cacheDir, "models--onnx-community--whisper-base", "snapshots");
    const [commit] = readdirSync(snapshot);
    const target = join(snapshot, commit!, "onnx", "encoder_model.onnx");
    const bytes = readFileSync(target);
    bytes[10] = bytes[10]! ^ 0xff;
    writeFileSync(target, bytes);
    const verify = await hftool(["cache", "verify"]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain("onnx/encoder_model.onnx is corrupted");
    expect(verify.stderr).toContain("hftool cache verify --repair");
    const repair = await hftool(["cache", "verify", "--repair"]);
    expect(repair.code).toBe(0);
    expect(repair.stdout).toContain("repaired");
    expect((await hftool(["cache", "verify", "whisper-base"])).code).toBe(0);

    expect((await hftool(["cache", "prune", "-y"])).stderr).toContain("Nothing to prune");

    const refused = await hftool(["rm", "org/other"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("Pass -y");
    const rm = await hftool(["rm", "whisper-base", "-y"]);
    expect(rm.code).toBe(0);
    expect(rm.stderr).toMatch(/Removed 1 model, freed/);
    expect(existsSync(join(cacheDir, "models--onnx-community--whisper-base"))).toBe(false);
    expect((await hftool(["cache", "rm", "org/other", "-y", "--json"])).code).toBe(0);
    expect((await hftool(["cache", "ls", "-q"])).stdout.trim()).toBe("");
    expect((await hftool(["rm"])).code).toBe(2);
  });
});

describe("hftool serve", () => {
  it("shares the cache over the Hub protocol, for another hftool to download from", async () => {
    await serve({
      "org/tiny": createFixtureRepo(join(user.root, "repo"), {
        "config.json": "{}\n",
        "onnx/model.onnx": { size: 2 * MiB },
      }),
    });
    expect((await hftool(["download", "org/tiny"])).code).toBe(0);
    await server!.close();
    server = undefined;

    const child = spawn(process.execPath, [cliBinPath(), "serve", "--port", "0", "--token", "hf_lab"], {
      cwd: user.cwd,
      env: env(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    try {
      // stdout and stderr are separate pipes: wait for both lines, not just the first to arrive
      for (const started = Date.now(); !stdout.includes("\n") || !stderr.includes("Press Ctrl-C");) {
        if (Date.now() - started > 30_000) throw new Error(`hftool serve did not start: ${stdout}${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const url = stdout.trim();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(stderr).toContain("Serving 1 repos");

      const elsewhere = join(user.root, "elsewhere");
      const copy = await runCli(["download", "org/tiny", "--json"], {
        cwd: user.cwd,
        env: { ...user.env, HF_ENDPOINT: url, HF_HUB_CACHE: elsewhere, HF_TOKEN: "hf_lab" },
        timeoutMs: 60_000,
      });
      expect({ code: copy.code, stderr: copy.stderr }).toMatchObject({ code: 0 });
      const result = JSON.parse(copy.stdout.trim().split("\n").at(-1)!) as {
        downloads: { bytesDownloaded: number }[];
      };
      expect(result.downloads[0]!.bytesDownloaded).toBe(2 * MiB + 3);
      const denied = await runCli(["download", "org/tiny"], {
        cwd: user.cwd,
        env: { ...user.env, HF_ENDPOINT: url, HF_HUB_CACHE: join(user.root, "x") },
        timeoutMs: 60_000,
      });
      expect(denied.code).toBe(1);
      expect(denied.stderr).toContain("needs a token");
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  });
});
