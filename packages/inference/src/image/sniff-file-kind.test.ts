import { describe, expect, it } from "@jest/globals";
import { encodeTestImage, encodeTestWav, toneSamples } from "@hftool/test-utils";
import { sniffFileKind } from "./sniff-file-kind.js";

const bytes = (...values: (number | string)[]) =>
  Uint8Array.from(values.flatMap((v) => (typeof v === "string" ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe("sniffFileKind", () => {
  it("recognises the image formats sharp decodes", async () => {
    for (const format of ["png", "jpeg", "webp"] as const) {
      const image = await encodeTestImage({ width: 4, height: 3, format });
      expect(sniffFileKind(image)).toMatchObject({ kind: "image", format });
    }
    expect(sniffFileKind(bytes("GIF89a", 1, 0))).toMatchObject({ kind: "image", format: "gif" });
    expect(sniffFileKind(bytes("II", 0x2a, 0))).toMatchObject({ kind: "image", format: "tiff" });
    expect(sniffFileKind(bytes(0, 0, 0, 0x1c, "ftypavif"))).toMatchObject({ kind: "image", format: "avif" });
    expect(sniffFileKind(bytes('<?xml version="1.0"?>\n<svg xmlns="x"></svg>'))).toMatchObject({
      kind: "image",
      format: "svg",
    });
  });

  it("names audio, video, documents and text so a task can say what it was given", () => {
    const wav = encodeTestWav({
      channels: [toneSamples({ frequency: 440, sampleRate: 8000, seconds: 0.1 })],
      sampleRate: 8000,
    });
    expect(sniffFileKind(wav)).toEqual({ kind: "audio", format: "wav", description: "a WAV audio file" });
    expect(sniffFileKind(bytes("ID3", 4, 0))).toMatchObject({ kind: "audio", format: "mp3" });
    expect(sniffFileKind(bytes("fLaC", 0))).toMatchObject({ kind: "audio", format: "flac" });
    expect(sniffFileKind(bytes("OggS", 0))).toMatchObject({ kind: "audio", format: "ogg" });
    expect(sniffFileKind(bytes(0, 0, 0, 0x18, "ftypisom"))).toMatchObject({ kind: "video", format: "mp4" });
    expect(sniffFileKind(bytes("%PDF-1.7"))).toMatchObject({
      kind: "document",
      description: "a PDF document",
    });
    expect(sniffFileKind(bytes("PK", 3, 4))).toMatchObject({ kind: "archive" });
    expect(sniffFileKind(bytes("hello there\n"))).toEqual({
      kind: "text",
      format: "text",
      description: "a text file",
    });
    expect(sniffFileKind(bytes('{"a": 1}'))).toMatchObject({ kind: "text", format: "json" });
  });

  it("keeps UTF-8 text cut at the sniffing boundary as text, and calls binary noise unknown", () => {
    const text = new TextEncoder().encode("é".repeat(3000));
    expect(sniffFileKind(text).kind).toBe("text");
    expect(sniffFileKind(bytes(0x13, 0x37, 0, 0xfe, 0x80))).toEqual({
      kind: "unknown",
      description: "a file of unknown type",
    });
  });
});
