import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { buildOutputMetadata } from "./build-output-metadata.js";
import { readOutputMetadata } from "./read-output-metadata.js";
import { readPngText } from "./read-png-text.js";
import { writeOutputFile } from "./write-output-file.js";
import { writePngText } from "./write-png-text.js";

const metadata = buildOutputMetadata({
  hftoolVersion: "9.9.9",
  task: "voice-activity-detection",
  model: "onnx-community/silero-vad",
  revision: "main",
  commit: "0123456789abcdef0123456789abcdef01234567",
  input: "talk.wav",
  params: { threshold: 0.5, big: 10n, vec: new Float32Array(4), nan: Number.NaN, skip: undefined },
  seed: 7,
  device: "cpu",
  dtype: "fp32",
  format: "srt",
  timings: { load: 12.345, run: 3.21 },
  date: new Date("2026-01-02T03:04:05Z"),
});

describe("buildOutputMetadata", () => {
  it("keeps what identifies the run and makes parameters JSON-safe", () => {
    expect(metadata).toEqual({
      hftool_version: "9.9.9",
      task: "voice-activity-detection",
      model: "onnx-community/silero-vad",
      revision: "main",
      commit: "0123456789abcdef0123456789abcdef01234567",
      input: "talk.wav",
      params: { threshold: 0.5, big: "10", vec: "<Float32Array 16 bytes>", nan: "NaN" },
      seed: 7,
      device: "cpu",
      dtype: "fp32",
      format: "srt",
      timings_ms: { load: 12.3, run: 3.2 },
      created_at: "2026-01-02T03:04:05.000Z",
    });
  });

  it("cuts long input text", () => {
    const long = buildOutputMetadata({ hftoolVersion: "1", task: "t", model: "m", input: "x".repeat(2000) });
    expect(long.input).toHaveLength(500);
    expect(long.input!.endsWith("…")).toBe(true);
  });
});

describe("writeOutputFile", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "hftool-write-output-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes text with a <name>.hftool.json sidecar and reads it back", async () => {
    const path = join(dir, "sub", "talk.srt");
    const result = await writeOutputFile({ path, data: "1\n00:00:00,000 --> 00:00:01,000\nhi\n", metadata });
    expect(result).toEqual({ path, bytes: 35, embedded: false, metadataPath: `${path}.hftool.json` });
    expect(readFileSync(path, "utf8")).toContain("-->");
    expect(JSON.parse(readFileSync(`${path}.hftool.json`, "utf8"))).toEqual(metadata);
    expect(await readOutputMetadata(path)).toEqual(metadata);
    expect(readdirSync(join(dir, "sub")).sort()).toEqual(["talk.srt", "talk.srt.hftool.json"]);
  });

  it("embeds metadata in a PNG instead of a sidecar", async () => {
    const png = writePngText({ png: minimalPng(), entries: {} });
    const path = join(dir, "image.png");
    const result = await writeOutputFile({ path, data: png, metadata });
    expect(result.embedded).toBe(true);
    expect(result.metadataPath).toBeUndefined();
    expect(existsSync(`${path}.hftool.json`)).toBe(false);
    const text = readPngText(readFileSync(path));
    expect(text.Software).toBe("hftool 9.9.9");
    expect(text.Model).toBe("onnx-community/silero-vad");
    expect(text.Seed).toBe("7");
    expect(await readOutputMetadata(path)).toEqual(metadata);
  });

  it("adds extra PNG text chunks (UTF-8 prompts included) but never lets them replace the metadata", async () => {
    const path = join(dir, "cat.png");
    writeFileSync(`${path}.hftool.json`, "{}"); // a stale sidecar of an earlier non-PNG output
    await writeOutputFile({
      path,
      data: minimalPng(),
      metadata,
      pngText: { Description: "un chat sur un toit, été", parameters: "a cat\nSteps: 1", hftool: "{}" },
    });
    const text = readPngText(readFileSync(path));
    expect(text.Description).toBe("un chat sur un toit, été");
    expect(text.parameters).toBe("a cat\nSteps: 1");
    expect(await readOutputMetadata(path)).toEqual(metadata);
    expect(existsSync(`${path}.hftool.json`)).toBe(false);
  });

  it("removes a stale sidecar when writing without metadata", async () => {
    const path = join(dir, "speech.wav");
    writeFileSync(`${path}.hftool.json`, "{}");
    await writeOutputFile({ path, data: new Uint8Array([1, 2, 3]) });
    expect(existsSync(`${path}.hftool.json`)).toBe(false);
    expect(await readOutputMetadata(path)).toBeUndefined();
  });

  it("leaves the old file and no temporary files behind when writing fails", async () => {
    const path = join(dir, "kept.txt");
    writeFileSync(path, "old");
    // metadata that cannot be serialised fails after the output was staged: it must be rolled back
    const broken = { ...metadata, params: { n: 1n } } as unknown as typeof metadata;
    await expect(writeOutputFile({ path, data: "new", metadata: broken })).rejects.toThrow(/BigInt/);
    expect(readFileSync(path, "utf8")).toBe("old");
    expect(readdirSync(dir)).toEqual(["kept.txt"]);
  });

  it("fails cleanly when the folder cannot be created", async () => {
    writeFileSync(join(dir, "file"), "");
    await expect(writeOutputFile({ path: join(dir, "file", "x.txt"), data: "new" })).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["file"]);
  });
});

function minimalPng(): Uint8Array {
  const chunk = (type: string, body: Uint8Array) => {
    const out = Buffer.alloc(12 + body.length);
    out.writeUInt32BE(body.length, 0);
    out.write(type, 4, "latin1");
    Buffer.from(body).copy(out, 8);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.from([0, 0]))),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
