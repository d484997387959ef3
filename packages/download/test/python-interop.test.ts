import { afterEach, describe, expect, it } from "@jest/globals";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { downloadSnapshot } from "../src/index.js";
import { expectCachedRepo, setupFixture, type Fixture } from "./helpers.js";

/**
 * The real Python client against our server and our cache, both ways. Runs when a Python with
 * `huggingface_hub` importable is found: $HFTOOL_TEST_PYTHON, python3, or /usr/bin/python3
 * (with $PYTHONPATH passed through, so a source checkout works:
 * PYTHONPATH=huggingface_hub/src pnpm test). Debian has no python3-huggingface-hub package.
 */
function findPython(): { python: string; version: string } | { reason: string } {
  const candidates = [process.env.HFTOOL_TEST_PYTHON, "python3", "/usr/bin/python3"].filter(
    (c): c is string => Boolean(c),
  );
  for (const python of candidates) {
    const probe = spawnSync(python, ["-c", "import huggingface_hub; print(huggingface_hub.__version__)"], {
      encoding: "utf8",
    });
    if (probe.status === 0) return { python, version: probe.stdout.trim() };
  }
  return {
    reason: `no Python with huggingface_hub importable (tried ${candidates.join(", ")}; set HFTOOL_TEST_PYTHON or PYTHONPATH)`,
  };
}

const found = findPython();
const describePython = "python" in found ? describe : describe.skip;
if (!("python" in found)) process.stderr.write(`Skipping Python interop tests: ${found.reason}.\n`);
else process.stderr.write(`Python interop tests use huggingface_hub ${found.version} (${found.python}).\n`);

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** Runs Python asynchronously: the server answering it lives in this process. */
function python(
  script: string,
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  if (!("python" in found)) throw new Error("unreachable");
  const child = spawn(found.python, ["-c", script], {
    env: {
      ...process.env,
      HF_HUB_DISABLE_TELEMETRY: "1",
      HF_HUB_DISABLE_PROGRESS_BARS: "1",
      HF_HUB_DISABLE_XET: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  return new Promise((resolve) =>
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    }),
  );
}

const files = {
  "config.json": '{"model_type":"bert"}\n',
  "onnx/model.onnx": { size: 3 * 1024 * 1024 },
  "tokenizer.json": '{"a":1}\n',
};

describePython("interoperability with Python huggingface_hub", () => {
  for (const redirectLfs of [false, true]) {
    it(`Python downloads from our server${redirectLfs ? " (LFS through a CDN redirect, with a token)" : ""}, and hftool then uses Python's cache without downloading`, async () => {
      fixture = await setupFixture(files, redirectLfs ? { redirectLfs, token: "hf_interop" } : {});
      const env = {
        HF_ENDPOINT: fixture.server.url,
        HF_HOME: join(fixture.root, "hf"),
        HF_HUB_CACHE: fixture.cacheDir,
        ...(redirectLfs ? { HF_TOKEN: "hf_interop" } : {}),
      };
      const py = await python(
        "from huggingface_hub import snapshot_download; print(snapshot_download('org/tiny'))",
        env,
      );
      expect({ status: py.status, stderr: py.stderr }).toMatchObject({ status: 0 });
      const snapshot = py.stdout.trim().split("\n").at(-1)!;
      expect(snapshot).toBe(join(fixture.cacheDir, "models--org--tiny", "snapshots", fixture.commit));
      expectCachedRepo(fixture.cacheDir, fixture.files, fixture.commit);
      if (redirectLfs)
        expect(
          fixture.server.requests.filter((r) => r.listener === "cdn").every((r) => !r.authorization),
        ).toBe(true);

      fixture.server.resetStats();
      const ours = await downloadSnapshot({
        repo: "org/tiny",
        endpoint: fixture.server.url,
        cacheDir: fixture.cacheDir,
        ...(redirectLfs ? { token: "hf_interop" } : {}),
      });
      expect(ours.bytesDownloaded).toBe(0);
      expect(ours.snapshotPath).toBe(snapshot);
      expect(fixture.server.requests.filter((r) => r.url.includes("/resolve/"))).toEqual([]);
    });
  }

  it("Python reads a cache hftool wrote, offline, and gets the same bytes", async () => {
    fixture = await setupFixture(files);
    const ours = await downloadSnapshot({
      repo: "org/tiny",
      endpoint: fixture.server.url,
      cacheDir: fixture.cacheDir,
    });
    await fixture.server.close();
    const script = [
      "import hashlib",
      "from huggingface_hub import snapshot_download, hf_hub_download",
      "p = snapshot_download('org/tiny')",
      "f = hf_hub_download('org/tiny', 'onnx/model.onnx')",
      "print(p)",
      "print(hashlib.sha256(open(f, 'rb').read()).hexdigest())",
    ].join("\n");
    const py = await python(script, {
      HF_HUB_OFFLINE: "1",
      HF_HOME: join(fixture.root, "hf"),
      HF_HUB_CACHE: fixture.cacheDir,
    });
    expect({ status: py.status, stderr: py.stderr }).toMatchObject({ status: 0 });
    const [path, digest] = py.stdout.trim().split("\n").slice(-2);
    expect(path).toBe(ours.snapshotPath);
    const { createHash } = await import("node:crypto");
    expect(digest).toBe(
      createHash("sha256")
        .update(readFileSync(join(ours.snapshotPath, "onnx", "model.onnx")))
        .digest("hex"),
    );
  });

  it("Python gets precise errors (X-Error-Code) from our server", async () => {
    fixture = await setupFixture(files);
    const script = [
      "from huggingface_hub import hf_hub_download",
      "for repo, name, rev in [('org/tiny', 'nope.txt', 'main'), ('org/none', 'x', 'main'), ('org/tiny', 'config.json', 'v9')]:",
      "    try:",
      "        hf_hub_download(repo, name, revision=rev)",
      "    except Exception as e:",
      "        print(type(e).__name__)",
    ].join("\n");
    const py = await python(script, { HF_ENDPOINT: fixture.server.url, HF_HOME: join(fixture.root, "hf") });
    expect(py.status).toBe(0);
    const names = py.stdout.trim().split("\n");
    expect(names[0]).toMatch(/EntryNotFoundError$/);
    expect(names.slice(1)).toEqual(["RepositoryNotFoundError", "RevisionNotFoundError"]);
  });
});
