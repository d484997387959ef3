import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  createFixtureRepo,
  gitBlobId,
  pseudoRandomBytes,
  sha256Hex,
  writePythonCache,
} from "@hftool/test-utils";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHubServer } from "../lib/create-hub-server.js";
import type { HubServer } from "./hub-server-types.js";

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** A request with the path sent exactly as written (fetch would normalize `..` away). */
function raw(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path, method: options.method ?? "GET", headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString("utf8") });
        });
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const weights = pseudoRandomBytes(300_000, "weights");
const config = '{"model_type":"bert"}\n';
let root: string;
let server: HubServer;
let commit: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "hftool-server-"));
  createFixtureRepo(join(root, "tiny"), {
    "config.json": config,
    "onnx/model.onnx": weights,
    "onnx/model_fp16.onnx": pseudoRandomBytes(1000, "fp16"),
    "a b/c&d.txt": "spaces",
  });
  server = await createHubServer({
    repos: { "org/tiny": join(root, "tiny"), "datasets/org/data": join(root, "tiny") },
    treePageSize: 2,
  });
  commit = (await server.commitOf("org/tiny"))!;
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe("createHubServer: resolve", () => {
  it("binds 127.0.0.1 on a free port", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it("answers HEAD for an LFS file with the headers Python needs", async () => {
    const res = await raw(server.url, "/org/tiny/resolve/main/onnx/model.onnx", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers["x-repo-commit"]).toBe(commit);
    expect(res.headers.etag).toBe(`"${sha256Hex(weights)}"`);
    expect(res.headers["x-linked-etag"]).toBe(`"${sha256Hex(weights)}"`);
    expect(res.headers["x-linked-size"]).toBe(String(weights.length));
    expect(res.headers["content-length"]).toBe(String(weights.length));
    expect(res.headers["accept-ranges"]).toBe("bytes");
    expect(res.body.length).toBe(0);
    expect(Object.keys(res.headers).some((h) => h.startsWith("x-xet"))).toBe(false);
  });

  it("names regular files by their git blob id", async () => {
    const res = await raw(server.url, `/org/tiny/resolve/${commit}/config.json`);
    expect(res.status).toBe(200);
    expect(res.text).toBe(config);
    expect(res.headers.etag).toBe(`"${gitBlobId(config)}"`);
    expect(res.headers["x-linked-etag"]).toBeUndefined();
  });

  it("serves byte ranges with 206 and Content-Range, suffix ranges, and 416", async () => {
    const probe = await raw(server.url, "/org/tiny/resolve/main/onnx/model.onnx", {
      headers: { Range: "bytes=0-0" },
    });
    expect(probe.status).toBe(206);
    expect(probe.headers["content-range"]).toBe(`bytes 0-0/${weights.length}`);
    expect(probe.body).toEqual(weights.subarray(0, 1));
    const middle = await raw(server.url, "/org/tiny/resolve/main/onnx/model.onnx", {
      headers: { Range: "bytes=1000-1999" },
    });
    expect(middle.body).toEqual(weights.subarray(1000, 2000));
    const open = await raw(server.url, "/org/tiny/resolve/main/onnx/model.onnx", {
      headers: { Range: "bytes=299990-" },
    });
    expect(open.body).toEqual(weights.subarray(299_990));
    const suffix = await raw(server.url, "/org/tiny/resolve/main/onnx/model.onnx", {
      headers: { Range: "bytes=-10" },
    });
    expect(suffix.body).toEqual(weights.subarray(weights.length - 10));
    const beyond = await raw(server.url, "/org/tiny/resolve/main/onnx/model.onnx", {
      headers: { Range: `bytes=${weights.length}-` },
    });
    expect(beyond.status).toBe(416);
    expect(beyond.headers["content-range"]).toBe(`bytes */${weights.length}`);
  });

  it("decodes the revision segment and file names with spaces and symbols", async () => {
    const res = await raw(server.url, `/org/tiny/resolve/${encodeURIComponent("main")}/a%20b/c%26d.txt`);
    expect(res.text).toBe("spaces");
  });

  it("answers typed errors with X-Error-Code (and X-Repo-Commit for a missing file)", async () => {
    const entry = await raw(server.url, "/org/tiny/resolve/main/nope.txt", { method: "HEAD" });
    expect(entry.status).toBe(404);
    expect(entry.headers["x-error-code"]).toBe("EntryNotFound");
    expect(entry.headers["x-repo-commit"]).toBe(commit);
    const revision = await raw(server.url, "/org/tiny/resolve/nobranch/config.json");
    expect(revision.headers["x-error-code"]).toBe("RevisionNotFound");
    const repo = await raw(server.url, "/org/missing/resolve/main/config.json");
    expect(repo.headers["x-error-code"]).toBe("RepoNotFound");
    expect(JSON.parse(repo.text)).toHaveProperty("error");
  });

  it("refuses path traversal, raw or encoded", async () => {
    for (const path of [
      "/org/tiny/resolve/main/../../../etc/passwd",
      "/org/tiny/resolve/main/%2e%2e/%2e%2e/etc/passwd",
      "/org/tiny/resolve/main/onnx%2F..%2F..%2Fx",
      "/org/tiny/resolve/main/%2Fetc%2Fpasswd",
      "/..%2F..%2Fetc/resolve/main/passwd",
    ]) {
      const res = await raw(server.url, path);
      expect([400, 404]).toContain(res.status);
      expect(res.text).not.toContain("root:");
    }
  });

  it("is read-only", async () => {
    for (const method of ["PUT", "DELETE", "POST"]) {
      const res = await raw(server.url, "/org/tiny/resolve/main/config.json", {
        method,
        headers: { "Content-Length": "0" },
      });
      expect(res.status).toBe(405);
    }
  });
});

describe("createHubServer: API", () => {
  it("returns model info with sha and siblings, for a branch, HEAD and a commit", async () => {
    for (const path of [
      "/api/models/org/tiny",
      "/api/models/org/tiny/revision/main",
      "/api/models/org/tiny/revision/HEAD",
      `/api/models/org/tiny/revision/${commit}?blobs=true`,
    ]) {
      const res = await raw(server.url, path);
      expect(res.status).toBe(200);
      const info = JSON.parse(res.text) as {
        id: string;
        sha: string;
        siblings: { rfilename: string; lfs?: { sha256: string } }[];
      };
      expect(info.id).toBe("org/tiny");
      expect(info.sha).toBe(commit);
      expect(info.siblings.map((s) => s.rfilename).sort()).toEqual([
        "a b/c&d.txt",
        "config.json",
        "onnx/model.onnx",
        "onnx/model_fp16.onnx",
      ]);
    }
    const blobs = JSON.parse((await raw(server.url, "/api/models/org/tiny?blobs=true")).text) as {
      siblings: { rfilename: string; lfs?: { sha256: string } }[];
    };
    expect(blobs.siblings.find((s) => s.rfilename === "onnx/model.onnx")?.lfs?.sha256).toBe(
      sha256Hex(weights),
    );
  });

  it("lists the tree recursively or one level, with LFS details, paginated with Link", async () => {
    const entries: {
      type: string;
      path: string;
      oid: string;
      size: number;
      lfs?: { oid: string; size: number };
    }[] = [];
    let next: string | undefined = `/api/models/org/tiny/tree/main?recursive=true&expand=false`;
    let pages = 0;
    while (next) {
      const res = await raw(server.url, next);
      expect(res.status).toBe(200);
      entries.push(...(JSON.parse(res.text) as typeof entries));
      const link = res.headers.link as string | undefined;
      next = link
        ? new URL(/<([^>]+)>/.exec(link)![1]!).pathname + new URL(/<([^>]+)>/.exec(link)![1]!).search
        : undefined;
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(entries.map((e) => e.path)).toEqual([
      "a b",
      "a b/c&d.txt",
      "config.json",
      "onnx",
      "onnx/model.onnx",
      "onnx/model_fp16.onnx",
    ]);
    const model = entries.find((e) => e.path === "onnx/model.onnx")!;
    expect(model).toMatchObject({
      type: "file",
      size: weights.length,
      lfs: { oid: sha256Hex(weights), size: weights.length },
    });
    expect(model.oid).toMatch(/^[0-9a-f]{40}$/);
    expect(entries.find((e) => e.path === "config.json")).toMatchObject({
      oid: gitBlobId(config),
      size: config.length,
    });

    const top = JSON.parse((await raw(server.url, "/api/models/org/tiny/tree/main")).text) as typeof entries;
    expect(top.map((e) => e.path)).toEqual(["a b", "config.json"]);
    const sub = JSON.parse(
      (await raw(server.url, "/api/models/org/tiny/tree/main/onnx?recursive=false")).text,
    ) as typeof entries;
    expect(sub.map((e) => e.path)).toEqual(["onnx/model.onnx", "onnx/model_fp16.onnx"]);
  });

  it("answers paths-info sent as JSON (huggingface.js) or as a form (Python), with only the asked paths", async () => {
    const json = await raw(server.url, "/api/models/org/tiny/paths-info/main", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ paths: ["config.json", "nope"], expand: true }),
    });
    const fromJson = JSON.parse(json.text) as { path: string; lastCommit?: { id: string } }[];
    expect(fromJson.map((e) => e.path)).toEqual(["config.json"]);
    expect(fromJson[0]!.lastCommit?.id).toBe(commit);
    const form = await raw(server.url, "/api/models/org/tiny/paths-info/main", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "paths=onnx%2Fmodel.onnx&paths=onnx&expand=false",
    });
    expect((JSON.parse(form.text) as { path: string }[]).map((e) => e.path).sort()).toEqual([
      "onnx",
      "onnx/model.onnx",
    ]);
  });

  it("serves datasets under /api/datasets and /datasets/", async () => {
    const info = JSON.parse((await raw(server.url, "/api/datasets/org/data/revision/main")).text) as {
      id: string;
      sha: string;
    };
    expect(info.id).toBe("org/data");
    const file = await raw(server.url, "/datasets/org/data/resolve/main/config.json");
    expect(file.text).toBe(config);
  });

  it("needs a bearer token for whoami", async () => {
    expect((await raw(server.url, "/api/whoami-v2")).status).toBe(401);
    const me = JSON.parse(
      (await raw(server.url, "/api/whoami-v2", { headers: { Authorization: "Bearer hf_x" } })).text,
    ) as { name: string; auth: { accessToken: { role: string } } };
    expect(me.name).toBe("hftool");
    expect(me.auth.accessToken.role).toBe("read");
  });
});

describe("createHubServer: auth, gating, redirects", () => {
  it("protects every repo with a token", async () => {
    const locked = await createHubServer({ repos: { "org/tiny": join(root, "tiny") }, token: "hf_right" });
    try {
      expect((await raw(locked.url, "/api/models/org/tiny")).status).toBe(401);
      expect(
        (
          await raw(locked.url, "/org/tiny/resolve/main/config.json", {
            headers: { Authorization: "Bearer hf_wrong" },
          })
        ).status,
      ).toBe(401);
      const ok = await raw(locked.url, "/org/tiny/resolve/main/config.json", {
        headers: { Authorization: "Bearer hf_right" },
      });
      expect(ok.text).toBe(config);
    } finally {
      await locked.close();
    }
  });

  it("gates a repo: metadata is public, files need the token (X-Error-Code: GatedRepo)", async () => {
    const gated = await createHubServer({
      repos: { "org/tiny": join(root, "tiny") },
      token: "hf_right",
      gated: ["org/tiny"],
    });
    try {
      const info = JSON.parse((await raw(gated.url, "/api/models/org/tiny")).text) as { gated: unknown };
      expect(info.gated).toBe("manual");
      const anonymous = await raw(gated.url, "/org/tiny/resolve/main/config.json");
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers["x-error-code"]).toBe("GatedRepo");
      const wrong = await raw(gated.url, "/org/tiny/resolve/main/config.json", {
        headers: { Authorization: "Bearer hf_wrong" },
      });
      expect(wrong.status).toBe(403);
      expect(
        (
          await raw(gated.url, "/org/tiny/resolve/main/config.json", {
            headers: { Authorization: "Bearer hf_right" },
          })
        ).text,
      ).toBe(config);
    } finally {
      await gated.close();
    }
  });

  it("redirects LFS files to a signed CDN URL on another origin, as the Hub does", async () => {
    const cdn = await createHubServer({ repos: { "org/tiny": join(root, "tiny") }, redirectLfs: true });
    try {
      const head = await raw(cdn.url, "/org/tiny/resolve/main/onnx/model.onnx", { method: "HEAD" });
      expect(head.status).toBe(302);
      expect(head.headers["x-linked-etag"]).toBe(`"${sha256Hex(weights)}"`);
      expect(head.headers["x-linked-size"]).toBe(String(weights.length));
      expect(head.headers["x-repo-commit"]).toBe(await cdn.commitOf("org/tiny"));
      const location = new URL(head.headers.location!);
      expect(location.origin).toBe(cdn.cdnUrl);
      expect(location.origin).not.toBe(cdn.url);
      const body = await raw(cdn.cdnUrl!, location.pathname + location.search, {
        headers: { Range: "bytes=10-19" },
      });
      expect(body.status).toBe(206);
      expect(body.body).toEqual(weights.subarray(10, 20));
      location.searchParams.set("signature", "0".repeat(32));
      expect((await raw(cdn.cdnUrl!, location.pathname + location.search)).status).toBe(403);
      // Regular files are served directly.
      expect((await raw(cdn.url, "/org/tiny/resolve/main/config.json")).status).toBe(200);
    } finally {
      await cdn.close();
    }
  });

  it("answers a renamed repo with a relative redirect", async () => {
    const moved = await createHubServer({
      repos: { "org/tiny": join(root, "tiny") },
      renamed: { "old/name": "org/tiny" },
    });
    try {
      const res = await raw(moved.url, "/old/name/resolve/main/config.json");
      expect(res.status).toBe(307);
      expect(res.headers.location).toBe("/org/tiny/resolve/main/config.json");
    } finally {
      await moved.close();
    }
  });
});

describe("createHubServer: serving a cache folder", () => {
  it("serves a cache laid out by Python, branches and commits, and ignores links escaping the repo", async () => {
    const cacheDir = join(root, "pycache");
    const main = "a".repeat(40);
    const old = "b".repeat(40);
    writePythonCache({
      cacheDir,
      repo: "org/cached",
      commit: main,
      refs: { main, "refs/pr/1": main },
      files: { "config.json": config, "model.onnx": weights },
    });
    writePythonCache({ cacheDir, repo: "org/cached", commit: old, refs: {}, files: { "config.json": "{}" } });
    const cached = await createHubServer({ cacheDir });
    try {
      const info = JSON.parse((await raw(cached.url, "/api/models/org/cached/revision/main")).text) as {
        sha: string;
        siblings: { rfilename: string }[];
      };
      expect(info.sha).toBe(main);
      expect(info.siblings.map((s) => s.rfilename).sort()).toEqual(["config.json", "model.onnx"]);
      const pr = await raw(cached.url, `/org/cached/resolve/${encodeURIComponent("refs/pr/1")}/model.onnx`, {
        method: "HEAD",
      });
      expect(pr.headers["x-linked-etag"]).toBe(`"${sha256Hex(weights)}"`);
      expect((await raw(cached.url, `/org/cached/resolve/${old}/config.json`)).text).toBe("{}");
      expect((await raw(cached.url, "/org/cached/resolve/main/config.json")).headers.etag).toBe(
        `"${gitBlobId(config)}"`,
      );
    } finally {
      await cached.close();
    }
  });
});
