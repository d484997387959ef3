import { crc32 } from "node:zlib";
import { InputError } from "../errors/errors.js";
import { isPng, PNG_SIGNATURE } from "./png-signature.js";

/** Parameters of {@link writePngText}. */
export interface WritePngTextParams {
  /** The PNG file. It is not modified; a new buffer is returned. */
  png: Uint8Array;
  /**
   * Keyword → text. Keywords are 1-79 Latin-1 characters. Plain Latin-1 text is written as
   * `tEXt`, anything else as UTF-8 `iTXt`. Existing chunks with the same keywords are replaced.
   */
  entries: Readonly<Record<string, string>>;
}

const encoder = new TextEncoder();
const isLatin1 = (text: string) => [...text].every((c) => c.charCodeAt(0) <= 0xff);
const latin1Bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  out.set(latin1Bytes(type), 4);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

function textChunk(keyword: string, text: string): Uint8Array {
  const key = latin1Bytes(keyword);
  if (isLatin1(text) && !text.includes("\u0000")) {
    const value = latin1Bytes(text);
    const body = new Uint8Array(key.length + 1 + value.length);
    body.set(key);
    body.set(value, key.length + 1);
    return chunk("tEXt", body);
  }
  // iTXt: keyword NUL, compression flag 0, method 0, empty language NUL, empty translated keyword NUL, UTF-8 text
  const value = encoder.encode(text);
  const body = new Uint8Array(key.length + 5 + value.length);
  body.set(key);
  body.set(value, key.length + 5);
  return chunk("iTXt", body);
}

function keywordOf(type: string, body: Uint8Array): string | undefined {
  if (type !== "tEXt" && type !== "zTXt" && type !== "iTXt") return undefined;
  const nul = body.indexOf(0);
  return nul > 0 ? String.fromCharCode(...body.subarray(0, nul)) : undefined;
}

/**
 * Returns a copy of a PNG file with text chunks added before its image data, where every PNG
 * reader (exiftool, Pillow, browsers' "image info") finds them. Chunk CRCs use zlib's crc32.
 *
 * @throws {InputError} when `png` is not a PNG file or a keyword is not 1-79 Latin-1 characters.
 */
export function writePngText({ png, entries }: WritePngTextParams): Uint8Array {
  if (!isPng(png)) {
    throw new InputError("Not a PNG file: the PNG signature is missing.", { code: "NOT_PNG" });
  }
  for (const keyword of Object.keys(entries)) {
    if (keyword.length < 1 || keyword.length > 79 || !/^[\u0020-\u007e\u00a1-\u00ff]+$/.test(keyword)) {
      throw new InputError(`Invalid PNG text keyword '${keyword}': use 1-79 Latin-1 letters.`, {
        code: "PNG_KEYWORD_INVALID",
      });
    }
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const parts: Uint8Array[] = [PNG_SIGNATURE];
  let inserted = false;
  let ended = false;
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    const end = offset + 12 + length;
    if (end > png.length) {
      throw new InputError(`Truncated PNG: the ${type} chunk runs past the end of the file.`, {
        code: "PNG_TRUNCATED",
      });
    }
    if (!inserted && (type === "IDAT" || type === "IEND")) {
      for (const [keyword, text] of Object.entries(entries)) parts.push(textChunk(keyword, text));
      inserted = true;
    }
    const keyword = keywordOf(type, png.subarray(offset + 8, end - 4));
    if (keyword === undefined || !(keyword in entries)) parts.push(png.subarray(offset, end));
    offset = end;
    if (type === "IEND") {
      ended = true;
      break;
    }
  }
  if (!ended)
    throw new InputError("Truncated PNG: the file ends before its IEND chunk.", { code: "PNG_TRUNCATED" });
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
