import { existsSync, lstatSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { createBrokenHubCache, type BrokenHubCache } from "@hftool/test-utils";
import { createFakeMachine, type FakeMachine } from "../../../test/helpers/fake-machine.js";
import { runDoctor } from "../../run-doctor.js";
import { inspectCacheWithDownload } from "./inspect-cache-with-download.js";

let machine: FakeMachine;
let cache: BrokenHubCache;
beforeEach(() => {
  machine = createFakeMachine();
  cache = createBrokenHubCache(join(machine.home, ".cache", "huggingface", "hub"));
});
afterEach(() => machine.cleanup());

const exists = (path: string) => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

describe("inspectCacheWithDownload", () => {
  it("finds interrupted downloads, dangling snapshot links and stale locks, and leaves healthy entries alone", async () => {
    // huggingface_hub may be writing a partial it touched minutes ago: not interrupted yet.
    writeFileSync(
      join(cache.cacheDir, "models--org--tiny", "blobs", `${"f".repeat(64)}.incomplete`),
      "fresh",
    );
    const found = await inspectCacheWithDownload({
      cacheDir: cache.cacheDir,
      signal: new AbortController().signal,
      hostname: hostname(),
      isProcessAlive: (pid) => pid === process.pid,
      now: new Date(),
    });
    expect(found.exists).toBe(true);
    expect(found.repos).toEqual([{ repo: "org/tiny", bytes: expect.any(Number) }]);
    expect(found.partials.map((p) => p.path).sort()).toEqual([cache.pythonPartial, cache.partial].sort());
    expect(found.danglingLinks).toEqual([
      {
        repo: "org/tiny",
        path: cache.danglingLink,
        target: join(cache.cacheDir, "models--org--tiny", "blobs", "e".repeat(64)),
      },
    ]);
    expect(found.staleLocks).toEqual([
      {
        path: cache.staleLock,
        pid: cache.deadPid,
        host: hostname(),
        ageMs: expect.any(Number),
        reason: "process-gone",
      },
    ]);
    expect(found.hashesChecked).toBe(false);
  });
});

describe("cache check", () => {
  it("reports each problem with the command that fixes it", async () => {
    const report = await runDoctor({ checks: ["cache"], environment: machine.environment() });
    const result = report.checks[0]!;
    expect(result.status).toBe("warning");
    expect(result.message).toBe(
      "~/.cache/huggingface/hub (1 repo, 12 B): 1 stale lock, 1 snapshot file pointing at missing blobs, 2 interrupted downloads (1.5 KB).",
    );
    const commands = result.suggestions.map((s) => s.command);
    expect(commands).toEqual(
      expect.arrayContaining([
        "hftool doctor --fix --check cache",
        "hftool download -m org/tiny",
        "hftool cache prune",
        "hftool cache verify",
      ]),
    );
    expect(result.fixable.map((f) => [f.id, f.deletesData])).toEqual([
      [`take-over-lock:.locks/models--org--tiny/${"b".repeat(64)}.hftool.lock`, false],
      [
        `remove-dangling-link:models--org--tiny/snapshots/0123456789abcdef0123456789abcdef01234567/onnx/model.onnx`,
        false,
      ],
      [`delete-partial:models--org--tiny/blobs/${"b".repeat(64)}.hftool.incomplete`, true],
      [`delete-partial:models--org--tiny/blobs/${"c".repeat(64)}.incomplete`, true],
    ]);
  });

  it("--fix takes over stale locks and removes dangling links, but keeps downloaded data unless confirmed", async () => {
    const asked: string[] = [];
    const report = await runDoctor({
      checks: ["cache"],
      environment: machine.environment(),
      fix: true,
      confirmFix: async (request) => {
        asked.push(request.description);
        return false;
      },
    });
    expect(report.fixes.map((f) => [f.fixId.split(":")[0], f.outcome])).toEqual([
      ["take-over-lock", "applied"],
      ["remove-dangling-link", "applied"],
      ["delete-partial", "declined"],
      ["delete-partial", "declined"],
    ]);
    expect(asked).toHaveLength(2);
    expect(exists(cache.staleLock)).toBe(false);
    expect(exists(cache.danglingLink)).toBe(false);
    expect(existsSync(cache.partial)).toBe(true);
    expect(existsSync(cache.pythonPartial)).toBe(true);
    // Healthy entries are untouched.
    for (const path of [cache.goodLink, cache.liveLock, cache.pythonLock, cache.activePartial])
      expect(exists(path)).toBe(true);
    // The report shows the state after fixing: only the partial downloads remain.
    expect(report.checks[0]!.message).toBe(
      "~/.cache/huggingface/hub (1 repo, 12 B): 2 interrupted downloads (1.5 KB).",
    );
  });

  it("--fix deletes partial downloads (and their state files) once confirmed, leaving a healthy cache", async () => {
    const report = await runDoctor({
      checks: ["cache"],
      environment: machine.environment(),
      fix: true,
      confirmFix: async () => true,
    });
    expect(report.fixes.every((f) => f.outcome === "applied")).toBe(true);
    expect(existsSync(cache.partial)).toBe(false);
    expect(existsSync(cache.partialState)).toBe(false);
    expect(existsSync(cache.pythonPartial)).toBe(false);
    expect(report.checks[0]!.status).toBe("ok");
    expect(report.exitCode).toBe(0);
  });

  it("is fine with a cache that does not exist yet", async () => {
    machine.env.HF_HUB_CACHE = join(machine.root, "nowhere");
    const result = (await runDoctor({ checks: ["cache"], environment: machine.environment() })).checks[0]!;
    expect(result.status).toBe("ok");
    expect(result.message).toBe(
      `The cache ${join(machine.root, "nowhere")} is empty (nothing downloaded yet).`,
    );
  });
});
