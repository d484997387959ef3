import { afterEach, describe, expect, it, jest } from "@jest/globals";
import { sha256Hex } from "@hftool/test-utils";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { downloadSnapshot } from "../src/index.js";
import { expectCachedRepo, setupFixture, type Fixture } from "./helpers.js";

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const files = { "config.json": '{"model_type":"bert"}\n', "onnx/model.onnx": { size: 2 * 1024 * 1024 } };

describe("interoperability with @huggingface/hub (hubUrl pointed at our server)", () => {
  for (const redirectLfs of [false, true]) {
    it(`lists, probes and downloads${redirectLfs ? " through a CDN redirect, with a token" : ""}; hftool then reuses its cache`, async () => {
      jest.spyOn(console, "debug").mockImplementation(() => {});
      jest.spyOn(console, "log").mockImplementation(() => {});
      fixture = await setupFixture(files, redirectLfs ? { redirectLfs, token: "hf_js" } : {});
      const hub = await import("@huggingface/hub");
      const common = {
        repo: "org/tiny",
        hubUrl: fixture.server.url,
        ...(redirectLfs ? { accessToken: "hf_js" } : {}),
      };
      const listed: string[] = [];
      for await (const entry of hub.listFiles({ ...common, recursive: true })) listed.push(entry.path);
      expect(listed).toEqual(["config.json", "onnx", "onnx/model.onnx"]);
      // huggingface.js probes sizes with GET + Range: bytes=0-0, needing 206 and Content-Range.
      const info = await hub.fileDownloadInfo({ ...common, path: "onnx/model.onnx" });
      expect(info).toMatchObject({ size: 2 * 1024 * 1024 });
      expect(info?.etag.replace(/"/g, "")).toBe(sha256Hex(fixture.files["onnx/model.onnx"]!));

      const snapshot = await hub.snapshotDownload({ ...common, cacheDir: fixture.cacheDir });
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
        ...(redirectLfs ? { token: "hf_js" } : {}),
      });
      expect(ours.bytesDownloaded).toBe(0);
      expect(readFileSync(join(ours.snapshotPath, "config.json"), "utf8")).toBe(files["config.json"]);
      expect(fixture.server.requests.filter((r) => r.url.includes("/resolve/"))).toEqual([]);
      jest.restoreAllMocks();
    });
  }

  it("whoAmI works against the server", async () => {
    fixture = await setupFixture(files, { token: "hf_me", user: "lab" });
    const hub = await import("@huggingface/hub");
    expect(await hub.whoAmI({ hubUrl: fixture.server.url, accessToken: "hf_me" })).toMatchObject({
      name: "lab",
    });
  });
});
