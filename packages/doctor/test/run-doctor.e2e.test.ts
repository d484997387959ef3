import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { CHECK_IDS, DOCTOR_CHECKS, DOCTOR_REPORT_SCHEMA, listDoctorChecks, runDoctor } from "../src/index.js";
import { createBrokenHubCache } from "@hftool/test-utils";
import { createFakeMachine, fixture, type FakeMachine } from "./helpers/fake-machine.js";
import { closedPort, startHub, type Loopback } from "./helpers/loopback-servers.js";

const TOKEN = "hf_e2eTokenThatMustNotAppearAnywhere";

const ajv = new Ajv2020({ strict: true, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(DOCTOR_REPORT_SCHEMA);

let machine: FakeMachine;
let hub: Loopback | undefined;
beforeEach(() => {
  machine = createFakeMachine();
});
afterEach(async () => {
  await hub?.close();
  hub = undefined;
  machine.cleanup();
});

describe("a whole doctor run on a faked machine", () => {
  it("registers every check id in CHECK_IDS order, with a description for completion", () => {
    expect(DOCTOR_CHECKS.map((c) => c.id)).toEqual([...CHECK_IDS]);
    for (const info of listDoctorChecks()) expect(info.description.length).toBeGreaterThan(10);
  });

  it("runs all nine checks on an NVIDIA box with a broken config and cache, and the report matches the schema", async () => {
    hub = await startHub({ goodToken: TOKEN });
    machine.stub(
      "nvidia-smi",
      { stdout: fixture("nvidia-h100/banner.txt") },
      { "--query-gpu": { stdout: fixture("nvidia-h100/query.csv") } },
    );
    machine.stub("ffmpeg", { stdout: fixture("ffmpeg/version-debian12.txt") });
    machine.write("home/.hftool/config.toml", "[defaults\ndevice = 'cpu'\n");
    createBrokenHubCache(join(machine.home, ".cache", "huggingface", "hub"));
    Object.assign(machine.env, { HF_ENDPOINT: hub.url, HF_TOKEN: TOKEN });

    const report = await runDoctor({
      environment: machine.environment({ platform: process.platform }),
      tool: { name: "hftool", version: "9.9.9" },
    });

    expect(validate(report)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({
      gpu: "ok",
      ffmpeg: "ok",
      network: "ok",
      config: "error",
      cache: "warning",
    });
    expect(report.exitCode).toBe(2);
    expect(report.summary.total).toBe(9);
    expect(report.tool).toEqual({ name: "hftool", version: "9.9.9" });
    expect(JSON.stringify(report)).not.toContain(TOKEN);
    // The network and cache checks still ran on defaults although the config file is broken.
    expect(report.checks.find((c) => c.id === "network")!.message).toContain("the token belongs to ada");
  });

  it("reports an unreachable Hub as a warning (exit code 1 at least), and the schema still holds", async () => {
    const port = await closedPort();
    Object.assign(machine.env, { HF_ENDPOINT: `http://127.0.0.1:${port}` });
    const report = await runDoctor({
      environment: machine.environment(),
      networkTimeoutMs: 300,
      checks: ["network", "node"],
    });
    expect(validate(report)).toBe(true);
    expect(report.checks.find((c) => c.id === "network")!.status).toBe("warning");
    expect(report.exitCode).toBeGreaterThanOrEqual(1);
  });

  it("the schema rejects a report with an unknown status or a missing field", () => {
    expect(validate({ schemaVersion: 1 })).toBe(false);
    const bad = {
      schemaVersion: 1,
      tool: { name: "hftool", version: "1" },
      generatedAt: "2026-01-01T00:00:00.000Z",
      platform: { os: "linux", arch: "x64", release: "6", node: "20.20.2" },
      exitCode: 0,
      summary: { total: 1, ok: 0, warning: 0, error: 0, info: 0, durationMs: 1 },
      checks: [
        {
          id: "node",
          title: "Node.js",
          category: "runtime",
          status: "fine",
          message: "x",
          details: [],
          suggestions: [],
          durationMs: 1,
          timedOut: false,
          data: {},
          fixable: [],
        },
      ],
      fixes: [],
    };
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe("/checks/0/status");
  });
});
