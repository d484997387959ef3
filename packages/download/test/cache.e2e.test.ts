import { afterEach, describe, expect, it } from "@jest/globals";
import { sha256Hex, writePythonCache } from "@hftool/test-utils";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CacheInUseError,
  downloadSnapshot,
  HubUnavailableError,
  pruneCache,
  removeCachedRepo,
  scanCache,
  verifyCache,
} from "../src/index.js";
import { etagOf, expectCachedRepo, FAST, partialFiles, setupFixture, type Fixture } from "./helpers.js";

const MiB = 1024 * 1024;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function partialDownload(f: Fixture, extra: Record<string, unknown> = {}): Promise<void> {
  f.server.setFaults([{ kind: "drop", afterBytes: 700_000, file: "onnx/model.onnx" }]);
  await expect(
    downloadSnapshot({
      repo: "org/tiny",
      endpoint: f.server.url,
      cacheDir: f.cacheDir,
      chunkSize: MiB,
      maxWorkers: 1,
      ...FAST,
      retry: { ...FAST.retry, maxRetries: 0 },
      ...extra,
    }),
  ).rejects.toThrow(HubUnavailableError);
  f.server.setFaults([]);
}

describe("scanCache", () => {
  it("lists repos, revisions, sizes and partial downloads with % and the command that resumes them", async () => {
    fixture = await setupFixture({ "config.json": "{}\n", "onnx/model.onnx": { size: 2 * MiB } });
    await partialDownload(fixture, { include: ["onnx/*", "config.json"] });
    const scan = await scanCache({ cacheDir: fixture.cacheDir });
    expect(scan.exists).toBe(true);
    expect(scan.repos.map((r) => r.repo)).toEqual(["org/tiny"]);
    const [repo] = scan.repos;
    expect(repo!.refs).toEqual({ main: fixture.commit });
    // The failed file stopped the rest: neither is in the snapshot yet; the listing says what is missing.
    expect(repo!.revisions[0]).toMatchObject({
      commit: fixture.commit,
      refs: ["main"],
      missing: ["config.json", "onnx/model.onnx"],
    });
    expect(scan.partials).toHaveLength(1);
    const partial = scan.partials[0]!;
    expect(partial).toMatchObject({
      repo: "org/tiny",
      etag: sha256Hex(fixture.files["onnx/model.onnx"]!),
      bytesDone: 700_000,
      totalBytes: 2 * MiB,
      files: ["onnx/model.onnx"],
      tool: "hftool",
      activeHolder: undefined,
      resumeCommand: "hftool download -m org/tiny --include onnx/model.onnx",
    });
    expect(partial.percent).toBeCloseTo((700_000 / (2 * MiB)) * 100, 5);
    expect(scan.partialBytes).toBe(700_000);
    expect(await scanCache({ cacheDir: join(fixture.root, "nowhere") })).toMatchObject({
      exists: false,
      repos: [],
    });
  });

  it("reads a Python cache, reporting its partials and dangling links", async () => {
    fixture = await setupFixture({ "config.json": "{}\n" });
    const commit = "d".repeat(40);
    const { repoDir, snapshotDir } = writePythonCache({
      cacheDir: fixture.cacheDir,
      repo: "org/py",
      commit,
      files: { "config.json": "{}", "model.onnx": "weights" },
    });
    writeFileSync(join(repoDir, "blobs", `${"f".repeat(64)}.incomplete`), "12345");
    unlinkSync(join(repoDir, "blobs", sha256Hex("weights")));
    const scan = await scanCache({ cacheDir: fixture.cacheDir });
    const repo = scan.repos.find((r) => r.repo === "org/py")!;
    expect(repo.revisions[0]!.files.find((f) => f.path === "model.onnx")).toMatchObject({ present: false });
    expect(repo.partials[0]).toMatchObject({ tool: "huggingface_hub", bytesDone: 5, totalBytes: undefined });
    expect(existsSync(snapshotDir)).toBe(true);
  });
});

describe("verifyCache", () => {
  it("finds a corrupt blob, a truncated one and a dangling link, and repairs them from the Hub", async () => {
    fixture = await setupFixture({
      "config.json": "{}\n",
      "onnx/model.onnx": { size: MiB },
      "onnx/model_q4.onnx": { size: 300_000 },
      "tokenizer.json": '{"t":1}\n',
    });
    await downloadSnapshot({ repo: "org/tiny", endpoint: fixture.server.url, cacheDir: fixture.cacheDir });
    const blobs = join(fixture.cacheDir, "models--org--tiny", "blobs");
    const modelBlob = join(blobs, etagOf("onnx/model.onnx", fixture.files["onnx/model.onnx"]!));
    // Edited through the snapshot link (same size, other bytes): nothing but a re-hash notices.
    const corrupted = Buffer.from(fixture.files["onnx/model.onnx"]!);
    corrupted[1000] = corrupted[1000]! ^ 1;
    writeFileSync(modelBlob, corrupted);
    writeFileSync(join(blobs, etagOf("onnx/model_q4.onnx", fixture.files["onnx/model_q4.onnx"]!)), "short");
    unlinkSync(join(blobs, etagOf("tokenizer.json", fixture.files["tokenizer.json"]!)));

    const report = await verifyCache({ cacheDir: fixture.cacheDir });
    expect(report.ok).toBe(false);
    expect(report.issues.map((i) => [i.kind, i.paths[0]]).sort()).toEqual([
      ["corrupt", "onnx/model.onnx"],
      ["missing-blob", "tokenizer.json"],
      ["wrong-size", "onnx/model_q4.onnx"],
    ]);
    expect(report.checkedFiles).toBe(2);

    const repaired = await verifyCache({
      cacheDir: fixture.cacheDir,
      endpoint: fixture.server.url,
      repair: true,
    });
    expect(repaired.ok).toBe(true);
    expect(repaired.issues.every((i) => i.repaired)).toBe(true);
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
    expect((await verifyCache({ cacheDir: fixture.cacheDir })).issues).toEqual([]);
  });
});

describe("pruneCache and removeCachedRepo", () => {
  it("prunes partials, old unreferenced revisions and their blobs, and keeps what refs use", async () => {
    fixture = await setupFixture({ "config.json": "{}\n", "onnx/model.onnx": { size: 2 * MiB } });
    await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      include: ["config.json"],
    });
    await partialDownload(fixture);
    const repoDir = join(fixture.cacheDir, "models--org--tiny");
    // An older revision that main no longer points at, with a blob of its own.
    const old = "0".repeat(40);
    writePythonCache({
      cacheDir: fixture.cacheDir,
      repo: "org/tiny",
      commit: old,
      refs: {},
      files: { "config.json": '{"old":true}' },
    });

    const dry = await pruneCache({ cacheDir: fixture.cacheDir, dryRun: true });
    expect(dry.removed.map((e) => e.kind).sort()).toEqual(["blob", "partial", "revision"]);
    expect(partialFiles(fixture.cacheDir).length).toBeGreaterThan(0);

    const pruned = await pruneCache({ cacheDir: fixture.cacheDir });
    expect(pruned.removed.find((e) => e.kind === "revision")).toMatchObject({ commit: old });
    expect(pruned.freedBytes).toBeGreaterThan(0);
    expect(partialFiles(fixture.cacheDir)).toEqual([]);
    expect(readdirSync(join(repoDir, "snapshots"))).toEqual([fixture.commit]);
    expect(existsSync(join(repoDir, "blobs", etagOf("config.json", Buffer.from("{}\n"))))).toBe(true);

    // A repo downloaded only by commit has no ref, but nothing says it is old: kept.
    writePythonCache({
      cacheDir: fixture.cacheDir,
      repo: "org/pinned",
      commit: old,
      refs: {},
      files: { "a.txt": "a" },
    });
    expect((await pruneCache({ cacheDir: fixture.cacheDir })).removed).toEqual([]);
  });

  it("removes a repo or one revision, and refuses while a download holds it", async () => {
    fixture = await setupFixture({ "config.json": "{}\n", "onnx/model.onnx": { size: MiB } });
    await downloadSnapshot({ repo: "org/tiny", endpoint: fixture.server.url, cacheDir: fixture.cacheDir });
    const locks = join(fixture.cacheDir, ".locks", "models--org--tiny");
    mkdirSync(locks, { recursive: true });
    writeFileSync(
      join(locks, `${"a".repeat(64)}.hftool.lock`),
      JSON.stringify({ pid: process.pid, host: (await import("node:os")).hostname(), token: "t", since: "" }),
    );
    await expect(removeCachedRepo({ repo: "org/tiny", cacheDir: fixture.cacheDir })).rejects.toThrow(
      CacheInUseError,
    );
    rmSync(locks, { recursive: true });

    const dry = await removeCachedRepo({ repo: "org/tiny", cacheDir: fixture.cacheDir, dryRun: true });
    expect(dry).toMatchObject({ found: true, freedBytes: MiB + 3 });
    const byRevision = await removeCachedRepo({
      repo: "org/tiny",
      revision: "main",
      cacheDir: fixture.cacheDir,
      dryRun: true,
    });
    expect(byRevision.freedBytes).toBe(MiB + 3);
    const removed = await removeCachedRepo({ repo: "org/tiny", cacheDir: fixture.cacheDir });
    expect(removed.found).toBe(true);
    expect(existsSync(join(fixture.cacheDir, "models--org--tiny"))).toBe(false);
    expect(await removeCachedRepo({ repo: "org/tiny", cacheDir: fixture.cacheDir })).toMatchObject({
      found: false,
    });
  });
});

describe("a full disk", () => {
  // A real small file system: the only honest way to see ENOSPC. Needs permission to mount tmpfs.
  let mountPoint: string | undefined;
  afterEach(() => {
    if (mountPoint) {
      try {
        execFileSync("umount", [mountPoint]);
      } catch {
        // already gone
      }
      mountPoint = undefined;
    }
  });

  function mountSmallDisk(dir: string, size: string): boolean {
    mkdirSync(dir, { recursive: true });
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdio: "ignore" });
      mountPoint = dir;
      return true;
    } catch {
      return false;
    }
  }

  it("refuses to start without room, and keeps the partial when the disk fills midway", async () => {
    fixture = await setupFixture({ "onnx/model.onnx": { size: 3 * MiB } });
    const disk = join(fixture.root, "small-disk");
    if (!mountSmallDisk(disk, "2m")) {
      process.stderr.write(
        "Skipping the full-disk test: cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN).\n",
      );
      return;
    }
    const cacheDir = join(disk, "cache");
    const before = await downloadSnapshot({ repo: "org/tiny", endpoint: fixture.server.url, cacheDir }).catch(
      (e: unknown) => e,
    );
    expect(before).toMatchObject({ code: "DISK_FULL", neededBytes: 3 * MiB });
    expect((before as Error).message).toMatch(/needs 3\.0 MB more, but only .* are free/);

    // Skip the check to hit ENOSPC for real while writing.
    const midway = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir,
      checkDiskSpace: false,
      maxWorkers: 1,
    }).catch((e: unknown) => e);
    expect(midway).toMatchObject({ code: "DISK_FULL" });
    expect((midway as Error).message).toMatch(/filled up while downloading 'onnx\/model.onnx'/);
    expect((midway as { hint: string }).hint).toMatch(/partial download is kept/);
    expect(partialFiles(cacheDir).some((n) => n.endsWith(".hftool.incomplete"))).toBe(true);
    expect(
      readdirSync(join(cacheDir, "models--org--tiny", "blobs")).filter((n) => /^[0-9a-f]{64}$/.test(n)),
    ).toEqual([]);
  });
});
