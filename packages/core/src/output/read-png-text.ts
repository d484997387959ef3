import { inflateSync } from "node:zlib";
import { InputError } from "../errors/errors.js";
import { isPng } from "./png-signature.js";

const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder("utf-8");

/**
 * The text chunks of a PNG file (`tEXt`, `zTXt` and `iTXt`, compressed or not), keyword → text.
 * A keyword that appears twice keeps its first value, as PNG readers do.
 *
 * @throws {InputError} when `png` is not a PNG file or a chunk runs past the end of the data.
 */
export function readPngText(png: Uint8Array): Record<string, string> {
  if (!isPng(png)) {
    throw new InputError("Not a PNG file: the PNG signature is missing.", { code: "NOT_PNG" });
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const result: Record<string, string> = {};
  let offset = 8;
  let ended = false;
  while (offset + 12 <= png.length) {
    const length = view.getUint32(offset);
    const type = latin1.decode(png.subarray(offset + 4, offset + 8));
    const start = offset + 8;
    const end = start + length;
    if (end + 4 > png.length) {
      throw new InputError(`Truncated PNG: the ${type} chunk runs past the end of the file.`, {
        code: "PNG_TRUNCATED",
      });
    }
    const body = png.subarray(start, end);
    const entry = decodeTextChunk(type, body);
    if (entry && !(entry[0] in result)) result[entry[0]] = entry[1];
    if (type === "IEND") {
      ended = true;
      break;
    }
    offset = end + 4;
  }
  if (!ended)
    throw new InputError("Truncated PNG: the file ends before its IEND chunk.", { code: "PNG_TRUNCATED" });
  return result;
}

function decodeTextChunk(type: string, body: Uint8Array): [string, string] | undefined {
  const nul = body.indexOf(0);
  if (nul <= 0) return undefined;
  const keyword = latin1.decode(body.subarray(0, nul));
  switch (type) {
    case "tEXt":
      return [keyword, latin1.decode(body.subarray(nul + 1))];
    case "zTXt":
      return [keyword, latin1.decode(inflateSync(body.subarray(nul + 2)))];
    case "iTXt": {
      const compressed = body[nul + 1] === 1;
      // skip the compression flag and method, then the language tag and translated keyword (both NUL-terminated)
      let at = nul + 3;
      at = body.indexOf(0, at) + 1;
      at = body.indexOf(0, at) + 1;
      if (at <= 0) return undefined;
      const text = body.subarray(at);
      return [keyword, utf8.decode(compressed ? inflateSync(text) : text)];
    }
    default:
      return undefined;
  }
}
