import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { CHECK_IDS, DOCTOR_REPORT_SCHEMA, type DoctorReport } from "@hftool/doctor";
import {
  createBrokenHubCache,
  createTempHome,
  findWorkspaceRoot,
  runCli,
  writeStubProgram,
  type TempHome,
} from "@hftool/test-utils";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const TOKEN = "hf_cliDoctorTokenNeverPrinted";
const FIXTURES = join(findWorkspaceRoot(), "packages", "doctor", "test", "fixtures");
const fixture = (path: string) => readFileSync(join(FIXTURES, path), "utf8");

const ajv = new Ajv2020({ strict: true, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(DOCTOR_REPORT_SCHEMA);

let user: TempHome;
let bin: string;
let hub: Server;
let hubUrl: string;

beforeEach(async () => {
  user = createTempHome();
  bin = join(user.root, "bin");
  // The machine as the checks see it: stub tools only, a local Hub, no proxy.
  user.env.PATH = bin;
  for (const key of Object.keys(user.env)) if (/_proxy$/i.test(key)) delete user.env[key];
  writeStubProgram({
    dir: bin,
    name: "nvidia-smi",
    behaviour: { stdout: fixture("nvidia-h100/banner.txt") },
    byArgs: { "--query-gpu": { stdout: fixture("nvidia-h100/query.csv") } },
  });
  writeStubProgram({
    dir: bin,
    name: "ffmpeg",
    behaviour: { stdout: fixture("ffmpeg/version-debian12.txt") },
  });
  hub = createServer((request, response) => {
    if (request.url === "/api/whoami-v2") {
      const ok = request.headers.authorization === `Bearer ${TOKEN}`;
      response.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
      response.end(
        JSON.stringify(ok ? { name: "ada", auth: { accessToken: { role: "read" } } } : { error: "Invalid" }),
      );
      return;
    }
    response.writeHead(200);
    response.end();
  });
  await new Promise<void>((resolve) => hub.listen(0, "127.0.0.1", resolve));
  hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
  user.env.HF_ENDPOINT = hubUrl;
  mkdirSync(join(user.home, ".cache", "huggingface", "hub"), { recursive: true });
});

afterEach(async () => {
  hub.closeAllConnections();
  await new Promise<void>((resolve) => hub.close(() => resolve()));
  user.cleanup();
});

const hftool = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(["doctor", ...args], { cwd: user.cwd, env: { ...user.env, ...env } });

// eslint-disable-next-line no-control-regex -- ANSI escapes start with ESC
const ansi = /\u001b\[/;

describe("hftool doctor (built binary)", () => {
  it("lists every check id in its help", async () => {
    const r = await runCli(["doctor", "--help"], { cwd: user.cwd, env: user.env });
    expect(r.code).toBe(0);
    for (const id of CHECK_IDS) expect(r.stdout).toContain(id);
  });

  it("prints one JSON document that matches the schema, with the report's exit code, and never the token", async () => {
    const r = await hftool(["--json"], { HF_TOKEN: TOKEN });
    const report = JSON.parse(r.stdout) as DoctorReport;
    expect(validate(report)).toBe(true);
    expect(r.code).toBe(report.exitCode);
    expect(report.tool.name).toBe("hftool");
    expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId.gpu!.message).toBe("NVIDIA H100 80GB HBM3 (79.6 GB).");
    expect(byId.network!.message).toContain("the token belongs to ada (read)");
    expect(byId.ffmpeg!.status).toBe("ok");
    // onnxruntime-node really loaded in the installed CLI, and the CPU provider ran.
    expect((byId.onnxruntime!.data as { working: string[] }).working).toContain("cpu");
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it("renders plain text without a terminal: symbols, suggestions, summary, and exit code 2 on errors", async () => {
    mkdirSync(join(user.home, ".hftool"));
    writeFileSync(join(user.home, ".hftool", "config.toml"), "[defaults]\ndevice = cpu\n");
    const r = await hftool([]);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toMatch(ansi);
    expect(r.stdout).toMatch(/^✓ GPU {2,}NVIDIA H100 80GB HBM3 \(79\.6 GB\)\. \((?:\d+ ms|[\d.]+ s)\)$/m);
    expect(r.stdout).toMatch(/^✗ Configuration {2,}~\/\.hftool\/config\.toml line 2, column 10: /m);
    expect(r.stdout).toContain("    → hftool config edit  Fix line 2 of ~/.hftool/config.toml");
    expect(r.stdout).toMatch(/^9 checks: \d+ ok, .*1 error/m);
  });

  it("colours the symbols when colour is forced", async () => {
    const r = await hftool(["--check", "gpu"], { NO_COLOR: undefined, FORCE_COLOR: "1" });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(ansi);
    expect(r.stdout).toContain("Everything hftool needs works.");
  });

  it("runs only the checks asked for, and rejects an unknown one with a suggestion", async () => {
    const r = await hftool(["--check", "gpu,node", "--check", "ffmpeg", "--json"]);
    expect((JSON.parse(r.stdout) as DoctorReport).checks.map((c) => c.id)).toEqual(["node", "gpu", "ffmpeg"]);

    const wrong = await hftool(["--check", "gpus"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("Unknown check 'gpus'. Did you mean 'gpu'?");
    expect(wrong.stderr).toContain(
      "The checks are: node, onnxruntime, gpu, features, ffmpeg, network, config, disk, cache.",
    );
    expect(wrong.stdout).toBe("");
  });

  it("reports an unreachable Hub as a warning and still finishes", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await hftool(["--check", "network", "--timeout", "1"], {
      HF_ENDPOINT: `http://127.0.0.1:${port}`,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `⚠ Hugging Face Hub  127.0.0.1:${port} refused the connection: nothing listens on that port. (`,
    );
  });

  it("--fix repairs a broken cache: safe fixes at once, deleting partial downloads only with -y", async () => {
    const cache = createBrokenHubCache(join(user.home, ".cache", "huggingface", "hub"));
    const exists = (path: string) => {
      try {
        lstatSync(path);
        return true;
      } catch {
        return false;
      }
    };

    const cautious = await hftool(["--check", "cache", "--fix"]);
    expect(cautious.code).toBe(1);
    expect(cautious.stdout).toContain("Fixes");
    expect(cautious.stdout).toMatch(
      /✓ Take over the stale lock \.locks\/models--org--tiny\/b{64}\.hftool\.lock/,
    );
    expect(cautious.stdout).toMatch(
      /✓ Remove the dangling link models--org--tiny\/snapshots\/\w+\/onnx\/model\.onnx/,
    );
    expect(cautious.stdout).toContain("skipped: it deletes downloaded data; run with -y to allow it");
    expect(exists(cache.staleLock)).toBe(false);
    expect(exists(cache.danglingLink)).toBe(false);
    expect(existsSync(cache.partial)).toBe(true);

    const sure = await hftool(["--check", "cache", "--fix", "-y", "--json"]);
    const report = JSON.parse(sure.stdout) as DoctorReport;
    expect(sure.code).toBe(0);
    expect(report.fixes.map((f) => f.outcome)).toEqual(["applied", "applied"]);
    expect(report.checks[0]!.status).toBe("ok");
    expect(existsSync(cache.partial)).toBe(false);
    expect(exists(cache.goodLink)).toBe(true);
  });

  it("rejects a timeout that is not a positive number of seconds", async () => {
    const r = await hftool(["--timeout", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--timeout must be a number of seconds between 0 and 600, not '0'.");
  });
});
