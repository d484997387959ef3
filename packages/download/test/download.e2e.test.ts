import { afterEach, describe, expect, it } from "@jest/globals";
import { pseudoRandomBytes, sha256Hex, writePythonCache } from "@hftool/test-utils";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  ChecksumMismatchError,
  downloadSnapshot,
  EntryNotFoundError,
  findCachedSnapshot,
  GatedRepoError,
  HubAuthError,
  HubProtocolError,
  HubUnavailableError,
  listRepoFiles,
  NoMatchingFilesError,
  OfflineCacheMissError,
  RepoNotFoundError,
  RevisionNotFoundError,
  SizeMismatchError,
  UnsafePathError,
  type DownloadEvent,
  type HubServerFault,
} from "../src/index.js";
import {
  etagOf,
  expectCachedRepo,
  expectNoCorruptBlob,
  FAST,
  partialFiles,
  setupFixture,
  type Fixture,
} from "./helpers.js";

const MiB = 1024 * 1024;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const smallRepo = {
  "config.json": '{"model_type":"bert"}\n',
  "tokenizer.json": '{"version":"1.0"}\n',
  "onnx/model.onnx": { size: 3 * MiB },
  "onnx/model_fp16.onnx": { size: 1 * MiB },
};

function collect() {
  const events: DownloadEvent[] = [];
  return { events, onProgress: (e: DownloadEvent) => events.push(e) };
}

describe("downloadSnapshot", () => {
  it("downloads a repo into the Hugging Face cache layout, then serves it from the cache", async () => {
    fixture = await setupFixture(smallRepo);
    const { events, onProgress } = collect();
    const result = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      onProgress,
      chunkSize: MiB,
    });
    expect(result.commit).toBe(fixture.commit);
    expect(result.snapshotPath).toBe(
      join(fixture.cacheDir, "models--org--tiny", "snapshots", fixture.commit),
    );
    expect(result.bytesDownloaded).toBe(Object.values(fixture.files).reduce((n, b) => n + b.length, 0));
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
    expect(partialFiles(fixture.cacheDir)).toEqual([]);
    const tree = JSON.parse(
      readFileSync(join(fixture.cacheDir, "models--org--tiny", "trees", `${fixture.commit}.json`), "utf8"),
    ) as { format_version: number; files: Record<string, { size: number; lfs_sha256?: string }> };
    expect(tree.format_version).toBe(1);
    expect(tree.files["onnx/model.onnx"]).toMatchObject({
      size: 3 * MiB,
      lfs_sha256: sha256Hex(fixture.files["onnx/model.onnx"]!),
    });

    // Events: a plan, every file started and finished verified, byte counts adding up.
    expect(events[0]).toMatchObject({ type: "plan", totalBytes: result.bytesDownloaded, cachedBytes: 0 });
    const done = events.filter((e) => e.type === "file-done");
    expect(done.map((e) => e.path).sort()).toEqual(Object.keys(smallRepo).sort());
    expect(done.every((e) => e.type === "file-done" && e.verified && e.outcome === "downloaded")).toBe(true);
    const last = events.filter((e) => e.type === "progress").at(-1);
    expect(last).toMatchObject({ bytes: result.bytesDownloaded, totalBytes: result.bytesDownloaded });
    expect(events.at(-1)).toMatchObject({ type: "done", bytesDownloaded: result.bytesDownloaded });
    // Large files came in parallel ranges.
    const ranged = fixture.server.requests.filter((r) => r.file === "onnx/model.onnx" && r.range);
    expect(ranged.length).toBe(3);

    fixture.server.resetStats();
    const again = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
    });
    expect(again.bytesDownloaded).toBe(0);
    expect(again.files.every((f) => f.cached)).toBe(true);
    expect(fixture.server.requests.filter((r) => r.url.includes("/resolve/"))).toEqual([]);
    expect(await findCachedSnapshot({ repo: "org/tiny", cacheDir: fixture.cacheDir })).toBe(
      result.snapshotPath,
    );
    expect(
      await findCachedSnapshot({ repo: "org/tiny", revision: fixture.commit, cacheDir: fixture.cacheDir }),
    ).toBe(result.snapshotPath);
    expect(await findCachedSnapshot({ repo: "org/other", cacheDir: fixture.cacheDir })).toBeUndefined();
  });

  it("filters with include/exclude globs like hf download, and reports a dry run without writing", async () => {
    fixture = await setupFixture(smallRepo);
    const common = { repo: "org/tiny", endpoint: fixture.server.url, cacheDir: fixture.cacheDir };
    const dry = await downloadSnapshot({ ...common, include: ["*.json", "onnx/model.onnx"], dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.files.map((f) => [f.path, f.size, f.cached])).toEqual([
      ["config.json", 22, false],
      ["onnx/model.onnx", 3 * MiB, false],
      ["tokenizer.json", 18, false],
    ]);
    expect(existsSync(fixture.cacheDir)).toBe(false);

    const result = await downloadSnapshot({
      ...common,
      include: ["*.json", "onnx/*"],
      exclude: ["*_fp16.onnx"],
    });
    expect(result.files.map((f) => f.path)).toEqual(["config.json", "onnx/model.onnx", "tokenizer.json"]);
    const dryAfter = await downloadSnapshot({ ...common, dryRun: true });
    expect(dryAfter.files.filter((f) => !f.cached).map((f) => f.path)).toEqual(["onnx/model_fp16.onnx"]);

    await expect(downloadSnapshot({ ...common, include: ["*.safetensors"] })).rejects.toThrow(
      NoMatchingFilesError,
    );
  });

  it("downloads a commit hash revision and names missing repos and revisions", async () => {
    fixture = await setupFixture(smallRepo);
    const common = { endpoint: fixture.server.url, cacheDir: fixture.cacheDir };
    const byCommit = await downloadSnapshot({
      ...common,
      repo: "org/tiny",
      revision: fixture.commit,
      include: ["config.json"],
    });
    expect(byCommit.commit).toBe(fixture.commit);
    expect(existsSync(join(fixture.cacheDir, "models--org--tiny", "refs"))).toBe(false);
    await expect(downloadSnapshot({ ...common, repo: "org/missing" })).rejects.toThrow(RepoNotFoundError);
    await expect(downloadSnapshot({ ...common, repo: "org/tiny", revision: "v9" })).rejects.toThrow(
      RevisionNotFoundError,
    );
    const error = await downloadSnapshot({ ...common, repo: "org/tiny", revision: "v9" }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "REVISION_NOT_FOUND", hint: expect.stringContaining("main") });
  });

  it("honours HF_ENDPOINT, HF_HUB_CACHE and the token file from the environment", async () => {
    fixture = await setupFixture(smallRepo, { token: "hf_from_file" });
    const hfHome = join(fixture.root, "hf-home");
    mkdirSync(hfHome, { recursive: true });
    writeFileSync(join(hfHome, "token"), "hf_from_file\n");
    const env = { HF_ENDPOINT: fixture.server.url, HF_HOME: hfHome, HF_HUB_CACHE: fixture.cacheDir };
    const result = await downloadSnapshot({ repo: "org/tiny", include: ["config.json"], env });
    expect(result.snapshotPath.startsWith(fixture.cacheDir)).toBe(true);
    expect(fixture.server.requests.every((r) => r.authorization)).toBe(true);
    await expect(listRepoFiles({ repo: "org/tiny", env: { ...env, HF_TOKEN: "hf_wrong" } })).rejects.toThrow(
      HubAuthError,
    );
  });
});

describe("resume and verification under faults", () => {
  // Each fault once, on a fresh download and on one resuming a partial left by a failed run.
  const faults: [string, HubServerFault, (events: DownloadEvent[]) => void][] = [
    [
      "a dropped connection",
      { kind: "drop", afterBytes: 300_000, times: 1 },
      (e) => expect(e.some((x) => x.type === "retry")).toBe(true),
    ],
    [
      "HTTP 500 twice",
      { kind: "status", status: 500, times: 2 },
      (e) => expect(e.filter((x) => x.type === "retry").length).toBeGreaterThanOrEqual(2),
    ],
    [
      "503 with Retry-After",
      { kind: "status", status: 503, retryAfter: 1, times: 1 },
      (e) => expect(e.find((x) => x.type === "retry")).toMatchObject({ delayMs: 1000, reason: "HTTP 503" }),
    ],
    [
      "429 with Retry-After",
      { kind: "rate-limit", retryAfter: 1, times: 1 },
      (e) => expect(e.find((x) => x.type === "retry")).toMatchObject({ delayMs: 1000, reason: "HTTP 429" }),
    ],
    [
      "a stalled connection",
      { kind: "stall", afterBytes: 200_000, times: 1 },
      (e) =>
        expect(e.find((x) => x.type === "retry")).toMatchObject({
          reason: expect.stringContaining("stalled"),
        }),
    ],
    [
      "corrupt bytes",
      { kind: "corrupt", times: 1 },
      (e) =>
        expect(e.find((x) => x.type === "restart")).toMatchObject({
          reason: expect.stringContaining("checksum"),
        }),
    ],
    ["a truncated body", { kind: "truncate", afterBytes: 100_000, times: 1 }, () => {}],
    ["no range support", { kind: "ignore-range" }, () => {}],
  ];

  // Fixed 1 MiB ranges on 4 connections; and the adaptive engine (no chunk size) on a file large
  // enough for several ranges, where one stream goes on through ranges until more connections open.
  const modes = [
    { label: "", size: 4 * MiB, options: { chunkSize: MiB, maxWorkers: 4 }, slack: 64 * 1024 },
    { label: " (adaptive ranges)", size: 36 * MiB, options: { maxWorkers: 4 }, slack: 4 * MiB },
  ];
  for (const mode of modes) {
    for (const [name, fault, check] of faults) {
      for (const resume of [false, true]) {
        it(`${name}${resume ? ", resuming a partial download" : ""}${mode.label}: ends with a verified blob`, async () => {
          fixture = await setupFixture({ "config.json": "{}\n", "onnx/model.onnx": { size: mode.size } });
          const common = {
            repo: "org/tiny",
            endpoint: fixture.server.url,
            cacheDir: fixture.cacheDir,
            ...mode.options,
            ...FAST,
          };
          if (resume) {
            // A first run that fails for good, leaving a partial behind.
            fixture.server.setFaults([{ kind: "drop", afterBytes: 400_000, file: "onnx/model.onnx" }]);
            await expect(
              downloadSnapshot({ ...common, retry: { ...FAST.retry, maxRetries: 0 } }),
            ).rejects.toThrow(HubUnavailableError);
            expect(partialFiles(fixture.cacheDir).length).toBeGreaterThan(0);
            expectNoCorruptBlob(fixture.cacheDir);
          }
          fixture.server.setFaults([{ ...fault, file: "onnx/model.onnx" } as HubServerFault]);
          const sentBefore = fixture.server.bytesSent({ file: "onnx/model.onnx" });
          const { events, onProgress } = collect();
          const result = await downloadSnapshot({ ...common, onProgress });
          const resumed = result.resumedBytes;
          expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
          expect(partialFiles(fixture.cacheDir)).toEqual([]);
          check(events);
          if (resume && fault.kind !== "ignore-range" && fault.kind !== "corrupt")
            expect(resumed).toBeGreaterThan(0);
          // What is on disk is never fetched again; only bytes a fault destroyed are (a corrupt or
          // range-less download starts over), and what a stream cut short had in flight.
          if (fault.kind !== "corrupt" && fault.kind !== "ignore-range") {
            const sent = fixture.server.bytesSent({ file: "onnx/model.onnx" }) - sentBefore;
            expect(sent).toBeLessThanOrEqual(mode.size - resumed + mode.slack);
          }
        });
      }
    }
  }

  it("finishes in one call, every byte sent once, when the connection drops at 40 % (where Python's client gives up)", async () => {
    fixture = await setupFixture(
      { "model.safetensors": { size: 8 * MiB } },
      { faults: [{ kind: "drop", afterBytes: Math.floor(8 * MiB * 0.4), times: 1 }] },
    );
    const { events, onProgress } = collect();
    await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      maxWorkers: 1,
      onProgress,
      ...FAST,
    });
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
    expect(events.filter((e) => e.type === "retry")).toHaveLength(1);
    expect(fixture.server.bytesSent()).toBe(8 * MiB);
    const resolves = fixture.server.requests.filter((r) => r.file === "model.safetensors");
    expect(resolves.map((r) => r.range)).toEqual([
      undefined,
      `bytes=${Math.floor(8 * MiB * 0.4)}-${8 * MiB - 1}`,
    ]);
  });

  it("stops on a redirect loop with a clear error, keeps the partial, and resumes once the server is fixed", async () => {
    fixture = await setupFixture({ "onnx/model.onnx": { size: 2 * MiB } });
    const common = {
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      chunkSize: 512 * 1024,
      maxWorkers: 1,
      ...FAST,
    };
    fixture.server.setFaults([{ kind: "drop", afterBytes: 100_000, times: 1 }, { kind: "redirect-loop" }]);
    const error = await downloadSnapshot(common).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubProtocolError);
    expect((error as Error).message).toMatch(/redirects in a loop/);
    expect(partialFiles(fixture.cacheDir).length).toBeGreaterThan(0);
    fixture.server.setFaults([]);
    const result = await downloadSnapshot(common);
    expect(result.resumedBytes).toBe(100_000);
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
  });

  it("gives up after two corrupt downloads with a ChecksumMismatchError and leaves nothing corrupt", async () => {
    fixture = await setupFixture(
      { "onnx/model.onnx": { size: MiB } },
      { faults: [{ kind: "corrupt", atByte: 12345 }] },
    );
    const error = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      ...FAST,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect(error).toMatchObject({
      code: "CHECKSUM_MISMATCH",
      expected: sha256Hex(fixture.files["onnx/model.onnx"]!),
    });
    expect((error as ChecksumMismatchError).hint).toMatch(/nothing bad is in the cache/);
    expect(readdirSync(join(fixture.cacheDir, "models--org--tiny", "blobs"))).toEqual([]);
    expect(fixture.server.bytesSent()).toBe(2 * MiB);
  });

  it("re-downloads a truncated blob instead of trusting it", async () => {
    fixture = await setupFixture({ "onnx/model.onnx": { size: MiB } });
    const common = { repo: "org/tiny", endpoint: fixture.server.url, cacheDir: fixture.cacheDir };
    await downloadSnapshot(common);
    const blob = join(
      fixture.cacheDir,
      "models--org--tiny",
      "blobs",
      etagOf("onnx/model.onnx", fixture.files["onnx/model.onnx"]!),
    );
    writeFileSync(blob, fixture.files["onnx/model.onnx"]!.subarray(0, 1000));
    const again = await downloadSnapshot(common);
    expect(again.files[0]).toMatchObject({ cached: false, downloadedBytes: MiB });
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
  });

  it("starts over with resume: false and replaces cached files with force: true", async () => {
    fixture = await setupFixture({ "onnx/model.onnx": { size: 2 * MiB } });
    const common = {
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      chunkSize: 512 * 1024,
      maxWorkers: 1,
      ...FAST,
    };
    fixture.server.setFaults([{ kind: "drop", afterBytes: 600_000 }]);
    await expect(downloadSnapshot({ ...common, retry: { ...FAST.retry, maxRetries: 0 } })).rejects.toThrow();
    fixture.server.setFaults([]);
    const fresh = await downloadSnapshot({ ...common, resume: false });
    expect(fresh.resumedBytes).toBe(0);
    expect(fresh.bytesDownloaded).toBe(2 * MiB);
    const forced = await downloadSnapshot({ ...common, force: true });
    expect(forced.bytesDownloaded).toBe(2 * MiB);
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
  });

  it("cancels through an AbortSignal, keeps the partial, and resumes it", async () => {
    fixture = await setupFixture(
      { "onnx/model.onnx": { size: 4 * MiB } },
      { throttleBytesPerSecond: 2 * MiB },
    );
    const common = {
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      chunkSize: MiB,
      maxWorkers: 2,
    };
    const controller = new AbortController();
    const first = downloadSnapshot({
      ...common,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === "progress" && e.bytes > MiB) controller.abort();
      },
    });
    await expect(first).rejects.toMatchObject({ code: "ABORTED" });
    expect(partialFiles(fixture.cacheDir).sort()).toEqual([
      `${sha256Hex(fixture.files["onnx/model.onnx"]!)}.hftool.incomplete`,
      `${sha256Hex(fixture.files["onnx/model.onnx"]!)}.hftool.incomplete.json`,
    ]);
    const sentBefore = fixture.server.bytesSent();
    const result = await downloadSnapshot(common);
    expect(result.resumedBytes).toBeGreaterThan(MiB);
    expect(result.resumedBytes + result.bytesDownloaded).toBe(4 * MiB);
    expect(fixture.server.bytesSent() - sentBefore).toBe(result.bytesDownloaded);
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
  });

  it("continues a partial that Python left behind (blobs/<etag>.incomplete)", async () => {
    fixture = await setupFixture({ "onnx/model.onnx": { size: 2 * MiB } });
    const content = fixture.files["onnx/model.onnx"]!;
    const blobs = join(fixture.cacheDir, "models--org--tiny", "blobs");
    mkdirSync(blobs, { recursive: true });
    const partial = join(blobs, `${sha256Hex(content)}.incomplete`);
    writeFileSync(partial, content.subarray(0, 700_000));
    const { utimesSync } = await import("node:fs");
    utimesSync(partial, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    const result = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
    });
    expect(result.resumedBytes).toBe(700_000);
    expect(fixture.server.bytesSent()).toBe(2 * MiB - 700_000);
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
  });
});

describe("a hostile server", () => {
  const cases: [
    string,
    (
      entries: {
        path: string;
        size: number;
        oid: string;
        lfs?: { oid: string; size: number; pointerSize: number };
      }[],
    ) => typeof entries,
    new (...args: never[]) => Error,
  ][] = [
    [
      "a path escaping the repo",
      (e) => e.map((x) => (x.path === "config.json" ? { ...x, path: "../../evil.json" } : x)),
      UnsafePathError,
    ],
    [
      "an absolute path",
      (e) => e.map((x) => (x.path === "config.json" ? { ...x, path: "/tmp/evil.json" } : x)),
      UnsafePathError,
    ],
    [
      "an encoded traversal",
      (e) => e.map((x) => (x.path === "config.json" ? { ...x, path: "%2e%2e/%2e%2e/evil.json" } : x)),
      UnsafePathError,
    ],
    [
      "a checksum that is a path",
      (e) => e.map((x) => (x.lfs ? { ...x, lfs: { ...x.lfs, oid: "../../../evil" } } : x)),
      UnsafePathError,
    ],
  ];
  for (const [name, transform, errorClass] of cases) {
    it(`refuses ${name} and writes nothing outside the cache`, async () => {
      fixture = await setupFixture(
        { "config.json": "{}\n", "onnx/model.onnx": { size: 1000 } },
        { faults: [{ kind: "listing", transform: transform as never }] },
      );
      await expect(
        downloadSnapshot({ repo: "org/tiny", endpoint: fixture.server.url, cacheDir: fixture.cacheDir }),
      ).rejects.toThrow(errorClass);
      expect(existsSync(join(fixture.root, "evil.json"))).toBe(false);
      expect(existsSync(join(fixture.cacheDir, "evil.json"))).toBe(false);
      expect(existsSync(join(fixture.cacheDir, "models--org--tiny", "blobs"))).toBe(false);
    });
  }

  it("refuses a file whose size differs from the listing", async () => {
    fixture = await setupFixture(
      { "onnx/model.onnx": { size: 100_000 } },
      {
        faults: [
          {
            kind: "listing",
            transform: (e) =>
              e.map((x) => (x.lfs ? { ...x, size: 100_001, lfs: { ...x.lfs, size: 100_001 } } : x)),
          },
        ],
      },
    );
    const error = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      ...FAST,
      retry: { ...FAST.retry, maxRetries: 1 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SizeMismatchError);
    expect(error).toMatchObject({ expected: 100_001, actual: 100_000 });
    expect(
      readdirSync(join(fixture.cacheDir, "models--org--tiny", "blobs")).filter(
        (n) => !n.includes("incomplete"),
      ),
    ).toEqual([]);
  });

  it("refuses content that does not match its checksum", async () => {
    const other = sha256Hex("something else");
    fixture = await setupFixture(
      { "onnx/model.onnx": { size: 50_000 } },
      {
        faults: [
          {
            kind: "listing",
            transform: (e) => e.map((x) => (x.lfs ? { ...x, lfs: { ...x.lfs, oid: other } } : x)),
          },
        ],
      },
    );
    const error = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      ...FAST,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect(readdirSync(join(fixture.cacheDir, "models--org--tiny", "blobs"))).toEqual([]);
  });
});

describe("tokens, gated repos, redirects", () => {
  it("sends the token to the Hub but never to the CDN a redirect points to", async () => {
    fixture = await setupFixture(smallRepo, { token: "hf_secret", redirectLfs: true });
    await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      token: "hf_secret",
      chunkSize: MiB,
    });
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
    const cdn = fixture.server.requests.filter((r) => r.listener === "cdn");
    const hub = fixture.server.requests.filter((r) => r.listener === "hub");
    expect(cdn.length).toBeGreaterThanOrEqual(4);
    expect(cdn.every((r) => !r.authorization)).toBe(true);
    expect(hub.every((r) => r.authorization)).toBe(true);
    // The redirect was resolved once per file; the other ranges went straight to the CDN.
    expect(hub.filter((r) => r.file === "onnx/model.onnx")).toHaveLength(1);
  });

  it("keeps the token across a relative redirect (a renamed repo)", async () => {
    fixture = await setupFixture(
      { "config.json": "{}\n" },
      { token: "hf_secret", renamed: { "old/name": "org/tiny" } },
    );
    const result = await downloadSnapshot({
      repo: "old/name",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      token: "hf_secret",
    });
    expect(readFileSync(join(result.snapshotPath, "config.json"), "utf8")).toBe("{}\n");
    expect(fixture.server.requests.filter((r) => r.status === 307).length).toBeGreaterThan(0);
    expect(fixture.server.requests.every((r) => r.authorization)).toBe(true);
  });

  it("explains a gated repo with and without a token", async () => {
    fixture = await setupFixture({ "config.json": "{}\n" }, { token: "hf_granted", gated: ["org/tiny"] });
    const common = { repo: "org/tiny", endpoint: fixture.server.url, cacheDir: fixture.cacheDir };
    const anonymous = await downloadSnapshot({ ...common, token: false }).catch((e: unknown) => e);
    expect(anonymous).toBeInstanceOf(GatedRepoError);
    expect((anonymous as GatedRepoError).hint).toContain("HF_TOKEN");
    const refused = await downloadSnapshot({ ...common, token: "hf_other" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GatedRepoError);
    expect((refused as GatedRepoError).message).toContain("not been granted");
    await expect(downloadSnapshot({ ...common, token: "hf_granted" })).resolves.toMatchObject({
      bytesDownloaded: 3,
    });
  });

  it("reports a missing file as EntryNotFound when the listing and the files disagree", async () => {
    fixture = await setupFixture(
      { "config.json": "{}\n" },
      {
        faults: [
          {
            kind: "listing",
            transform: (e) => [...e, { type: "file", path: "ghost.json", size: 3, oid: "c".repeat(40) }],
          },
        ],
      },
    );
    await expect(
      downloadSnapshot({ repo: "org/tiny", endpoint: fixture.server.url, cacheDir: fixture.cacheDir }),
    ).rejects.toThrow(EntryNotFoundError);
  });
});

describe("offline and the cache", () => {
  it("works offline from the cache, and names exactly what is missing", async () => {
    fixture = await setupFixture(smallRepo);
    const common = { repo: "org/tiny", endpoint: fixture.server.url, cacheDir: fixture.cacheDir };
    await downloadSnapshot({ ...common, include: ["*.json", "onnx/model.onnx"] });
    fixture.server.resetStats();
    const offline = await downloadSnapshot({ ...common, include: ["*.json"], env: { HF_HUB_OFFLINE: "1" } });
    expect(offline.fromCache).toBe(true);
    expect(offline.files.map((f) => f.path)).toEqual(["config.json", "tokenizer.json"]);
    const listing = await listRepoFiles({ repo: "org/tiny", cacheDir: fixture.cacheDir, offline: true });
    expect(listing.files.map((f) => f.path)).toContain("onnx/model_fp16.onnx");
    const missing = await downloadSnapshot({ ...common, offline: true }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OfflineCacheMissError);
    expect((missing as OfflineCacheMissError).missing).toEqual(["onnx/model_fp16.onnx"]);
    expect((missing as Error).message).toContain("onnx/model_fp16.onnx");
    await expect(downloadSnapshot({ ...common, repo: "org/never", offline: true })).rejects.toThrow(
      /not in the cache/,
    );
    expect(fixture.server.requests).toEqual([]);
  });

  it("falls back to a complete cached copy when the Hub cannot be reached", async () => {
    fixture = await setupFixture({ "config.json": "{}\n" });
    const common = {
      repo: "org/tiny",
      cacheDir: fixture.cacheDir,
      ...FAST,
      retry: { ...FAST.retry, maxRetries: 1 },
    };
    await downloadSnapshot({ ...common, endpoint: fixture.server.url });
    await fixture.server.close();
    const { events, onProgress } = collect();
    const result = await downloadSnapshot({ ...common, endpoint: fixture.server.url, onProgress });
    expect(result.fromCache).toBe(true);
    expect(events.some((e) => e.type === "offline-fallback")).toBe(true);
    await expect(
      downloadSnapshot({ ...common, repo: "org/other", endpoint: fixture.server.url }),
    ).rejects.toThrow(HubUnavailableError);
  });

  it("uses a cache laid out exactly as Python writes it, without downloading anything", async () => {
    fixture = await setupFixture({ "config.json": '{"a":1}\n', "onnx/model.onnx": { size: 200_000 } });
    writePythonCache({
      cacheDir: fixture.cacheDir,
      repo: "org/tiny",
      commit: fixture.commit,
      files: {
        "config.json": fixture.files["config.json"]!,
        "onnx/model.onnx": fixture.files["onnx/model.onnx"]!,
      },
      noExist: ["generation_config.json"],
    });
    const online = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
    });
    expect(online.bytesDownloaded).toBe(0);
    expect(online.files.every((f) => f.cached)).toBe(true);
    expect(fixture.server.requests.filter((r) => r.url.includes("/resolve/"))).toEqual([]);
    const offline = await downloadSnapshot({ repo: "org/tiny", cacheDir: fixture.cacheDir, offline: true });
    expect(
      readFileSync(join(offline.snapshotPath, "onnx", "model.onnx")).equals(
        fixture.files["onnx/model.onnx"]!,
      ),
    ).toBe(true);
    // Python's empty lock files do not block us.
    expect(
      readdirSync(join(fixture.cacheDir, ".locks", "models--org--tiny")).some((n) => n.endsWith(".lock")),
    ).toBe(true);
  });

  it("checks free disk space against what is left to fetch", async () => {
    fixture = await setupFixture({ "onnx/model.onnx": { size: 1000 } });
    const { statfsSync } = await import("node:fs");
    mkdirSync(fixture.cacheDir, { recursive: true });
    const free = Number(statfsSync(fixture.cacheDir).bavail) * Number(statfsSync(fixture.cacheDir).bsize);
    // A listing that claims a file larger than the disk: the check fires before any byte is fetched.
    fixture.server.setFaults([
      {
        kind: "listing",
        transform: (e) =>
          e.map((x) => (x.lfs ? { ...x, size: free * 2, lfs: { ...x.lfs, size: free * 2 } } : x)),
      },
    ]);
    const error = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "DISK_FULL", neededBytes: free * 2 });
    expect((error as Error).message).toMatch(/needs .* more, but only .* are free/);
    expect(fixture.server.requests.filter((r) => r.url.includes("/resolve/"))).toEqual([]);
  });
});

describe("huggingface_hub's timeout variables", () => {
  it("HF_HUB_DOWNLOAD_TIMEOUT is how long a transfer may stall, HF_HUB_ETAG_TIMEOUT how long an API call may take", async () => {
    fixture = await setupFixture(
      { "onnx/model.onnx": { size: MiB } },
      {
        faults: [
          { kind: "stall", afterBytes: 100_000, times: 1, file: "onnx/model.onnx" },
          {
            kind: "stall",
            afterBytes: 0,
            forMs: 20_000,
            times: 1,
            pathname: /^\/api\/models\/org\/tiny\/tree\//,
          },
        ],
      },
    );
    const common = {
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      retry: FAST.retry,
    };
    const started = Date.now();
    const { events, onProgress } = collect();
    await downloadSnapshot({
      ...common,
      env: { HF_HUB_DOWNLOAD_TIMEOUT: "1", HF_HUB_ETAG_TIMEOUT: "1" },
      onProgress,
    });
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
    // the stalled listing and the stalled file were each given up on after a second, not 30
    expect(events.find((x) => x.type === "retry")).toMatchObject({
      reason: expect.stringContaining("no data for 1 s"),
    });
    expect(Date.now() - started).toBeLessThan(10_000);

    const env = { HF_HUB_DOWNLOAD_TIMEOUT: "soon", HF_HUB_ETAG_TIMEOUT: "" };
    const elsewhere = join(fixture.cacheDir, "..", "other-cache");
    await expect(downloadSnapshot({ ...common, cacheDir: elsewhere, env })).rejects.toMatchObject({
      code: "USAGE",
      message: "HF_HUB_DOWNLOAD_TIMEOUT must be a number of seconds, not 'soon'.",
    });
    // what downloads nothing does not read it
    await expect(
      findCachedSnapshot({ repo: "org/tiny", cacheDir: fixture.cacheDir, env }),
    ).resolves.toBeDefined();
  });
});

describe("listRepoFiles", () => {
  it("lists files with sizes and checksums, following pagination", async () => {
    fixture = await setupFixture(smallRepo, { treePageSize: 2 });
    const listing = await listRepoFiles({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
    });
    expect(listing.commit).toBe(fixture.commit);
    expect(listing.files.map((f) => f.path)).toEqual([
      "config.json",
      "onnx/model.onnx",
      "onnx/model_fp16.onnx",
      "tokenizer.json",
    ]);
    expect(listing.files[1]).toMatchObject({
      size: 3 * MiB,
      lfs: { sha256: sha256Hex(pseudoRandomBytes(3 * MiB, "onnx/model.onnx")), size: 3 * MiB },
    });
    expect(listing.files[0]!.oid).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe("downloadSnapshot without an explicit chunk size (adaptive ranges)", () => {
  const big = 40 * MiB;

  it("opens more connections when each one is capped, and sends little twice", async () => {
    // 16 MiB/s per connection: one connection would take 2.5 s.
    fixture = await setupFixture(
      { "model.safetensors": { size: big } },
      { throttleBytesPerSecond: 16 * MiB },
    );
    const result = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      connectionsPerFile: 4,
      ...FAST,
    });
    expect(result.bytesDownloaded).toBe(big);
    // The first request asked for the whole file and stops at the end of its range once others
    // start: what the server had already put on the wire past that point is all that is lost.
    const sent = fixture.server.bytesSent({ file: "model.safetensors" });
    expect(sent).toBeGreaterThanOrEqual(big);
    expect(sent - big).toBeLessThan(4 * MiB);
    const ranged = fixture.server.requests.filter(
      (r) => r.file === "model.safetensors" && r.method === "GET" && r.bytes > 0,
    );
    // The first request streams from byte 0; the others each take a range nobody has started.
    expect(ranged.length).toBeGreaterThan(2);
    expect(new Set(ranged.map((r) => r.range)).size).toBe(ranged.length);
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
  });

  it("resumes a stream that drops after crossing into the next range", async () => {
    fixture = await setupFixture({ "model.safetensors": { size: big } });
    // In the middle of a range, after the streaming request has gone on through several.
    fixture.server.setFaults([{ kind: "drop", afterBytes: 21 * MiB }]);
    const { events, onProgress } = collect();
    const result = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
      onProgress,
      ...FAST,
    });
    expect(result.bytesDownloaded).toBe(big);
    // Nothing is fetched again after the drop; only a stream cut short at the end of its range
    // (when more connections open on a busy machine) loses what was already on the wire.
    const sent = fixture.server.bytesSent({ file: "model.safetensors" });
    expect(sent).toBeGreaterThanOrEqual(big);
    expect(sent - big).toBeLessThan(4 * MiB);
    expect(events.some((e) => e.type === "retry")).toBe(true);
    expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
  });

  it("rejects a corrupted stream in adaptive mode and keeps no blob", async () => {
    fixture = await setupFixture({ "model.safetensors": { size: big } });
    fixture.server.setFaults([{ kind: "corrupt", atByte: 30 * MiB }]);
    await expect(
      downloadSnapshot({
        repo: "org/tiny",
        endpoint: fixture.server.url,
        cacheDir: fixture.cacheDir,
        ...FAST,
      }),
    ).rejects.toBeInstanceOf(ChecksumMismatchError);
    expectNoCorruptBlob(fixture.cacheDir);
  });
});
