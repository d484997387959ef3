import { describe, expect, it } from "@jest/globals";
import { deflateSync } from "node:zlib";
import { InputError } from "../errors/errors.js";
import { readPngText } from "./read-png-text.js";
import { writePngText } from "./write-png-text.js";

/** CRC-32 (ISO-HDLC), bit by bit: an independent check of the chunk CRCs. */
function referenceCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  out.set(Buffer.from(type, "latin1"), 4);
  out.set(body, 8);
  view.setUint32(8 + body.length, referenceCrc32(out.subarray(4, 8 + body.length)));
  return out;
}

/** A 2×1 grayscale PNG built by hand. */
function tinyPng(extra: Uint8Array[] = []): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, 2);
  view.setUint32(4, 1);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const idat = deflateSync(Uint8Array.of(0, 10, 200));
  return Buffer.concat([
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk("IHDR", ihdr),
    ...extra,
    chunk("IDAT", idat),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

function chunks(png: Uint8Array): { type: string; crcOk: boolean }[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: { type: string; crcOk: boolean }[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = view.getUint32(offset);
    const type = Buffer.from(png.subarray(offset + 4, offset + 8)).toString("latin1");
    const crc = view.getUint32(offset + 8 + length);
    out.push({ type, crcOk: crc === referenceCrc32(png.subarray(offset + 4, offset + 8 + length)) });
    offset += 12 + length;
  }
  return out;
}

describe("writePngText / readPngText", () => {
  it("adds text chunks with correct CRCs before the image data, and reads them back", () => {
    const json = JSON.stringify({ task: "text-to-image", prompt: "a café at dusk ☕" });
    const png = writePngText({ png: tinyPng(), entries: { hftool: json, Software: "hftool 1.2.3" } });
    expect(chunks(png)).toEqual([
      { type: "IHDR", crcOk: true },
      { type: "iTXt", crcOk: true },
      { type: "tEXt", crcOk: true },
      { type: "IDAT", crcOk: true },
      { type: "IEND", crcOk: true },
    ]);
    expect(readPngText(png)).toEqual({ hftool: json, Software: "hftool 1.2.3" });
  });

  it("replaces chunks with the same keyword instead of piling them up", () => {
    const once = writePngText({ png: tinyPng(), entries: { Software: "old", Other: "kept" } });
    const twice = writePngText({ png: once, entries: { Software: "new" } });
    expect(readPngText(twice)).toEqual({ Software: "new", Other: "kept" });
    expect(chunks(twice).filter((c) => c.type === "tEXt")).toHaveLength(2);
  });

  it("reads compressed text chunks written by other tools", () => {
    const z = Buffer.concat([Buffer.from("Comment\0\0", "latin1"), deflateSync(Buffer.from("zipped"))]);
    const itxt = Buffer.concat([
      Buffer.from("Title\0\x01\0en\0\0", "latin1"),
      deflateSync(Buffer.from("Ünïcode")),
    ]);
    const png = tinyPng([chunk("zTXt", z), chunk("iTXt", itxt)]);
    expect(readPngText(png)).toEqual({ Comment: "zipped", Title: "Ünïcode" });
  });

  it("rejects data that is not a PNG and bad keywords", () => {
    expect(() => readPngText(Buffer.from("GIF89a........"))).toThrow(InputError);
    expect(() => writePngText({ png: tinyPng(), entries: { "": "x" } })).toThrow(/keyword/);
    const truncated = tinyPng().subarray(0, 40);
    expect(() => readPngText(truncated)).toThrow(/Truncated/);
  });
});
