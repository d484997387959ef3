import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { AbortError, InputError } from "@hftool/core";
import { loadSharp } from "../diffusion/image/load-sharp.js";
import type { RasterImage } from "./raster-image.js";
import { sniffFileKind } from "./sniff-file-kind.js";

/** Parameters of {@link decodeImage}. */
export interface DecodeImageParams {
  /** The encoded image. Give this or `path`. */
  data?: Uint8Array;
  /** A file to read. */
  path?: string;
  /** How to name the input in messages (`photo.jpg`, `stdin`, a URL). @default the file name, or "the input" */
  name?: string;
  /** What the image is for, for hints (`image-classification`). @default "This task" */
  task?: string;
  signal?: AbortSignal;
}

/** A decoded input image: 8-bit sRGB, upright, with alpha only when the file has some. */
export interface DecodedRasterImage extends RasterImage {
  channels: 3 | 4;
  /** Format of the file (`png`, `jpeg`, `webp`, …). */
  format: string;
  /** The name used in messages. */
  name: string;
}

const FORMATS = "PNG, JPEG, WebP, GIF, TIFF, AVIF or SVG";

/**
 * Decodes an image file with sharp (libvips) into 8-bit sRGB pixels: EXIF orientation applied,
 * grey, CMYK, palette and 16-bit images converted, the first frame of an animation, alpha kept
 * when present. It checks what it was given first, so a WAV, a text file or an empty input fails
 * with an {@link InputError} that says what the file is, and a damaged image with one that names
 * the file.
 *
 * @throws {InputError} `INPUT_EMPTY`, `INPUT_WRONG_KIND` (not an image), `INPUT_NOT_IMAGE` (damaged
 *   or unreadable), `INPUT_NOT_FOUND`.
 */
export async function decodeImage(params: DecodeImageParams): Promise<DecodedRasterImage> {
  const name = params.name ?? (params.path ? basename(params.path) : "the input");
  const task = params.task ?? "This task";
  let data = params.data;
  if (!data) {
    if (!params.path) throw new InputError("decodeImage needs data or a path.", { code: "INPUT_EMPTY" });
    const info = await stat(params.path).catch(() => undefined);
    if (!info?.isFile()) {
      throw new InputError(`Input image ${params.path} does not exist.`, {
        code: "INPUT_NOT_FOUND",
        hint: "Check the path.",
        details: { file: params.path },
      });
    }
    data = await readFile(params.path);
  }
  if (data.length === 0) {
    throw new InputError(`${name} is empty (0 bytes).`, {
      code: "INPUT_EMPTY",
      hint: `${task} takes an image: ${FORMATS}.`,
      details: { file: name },
    });
  }
  const sniffed = sniffFileKind(data);
  if (sniffed.kind !== "image" && sniffed.kind !== "unknown") {
    throw new InputError(`${name} is ${sniffed.description}, not an image.`, {
      code: "INPUT_WRONG_KIND",
      hint: `${task} takes an image: ${FORMATS}.`,
      details: { file: name, kind: sniffed.kind, ...(sniffed.format ? { format: sniffed.format } : {}) },
    });
  }
  if (params.signal?.aborted) throw new AbortError();
  const sharp = await loadSharp();
  const unreadable = (cause: unknown): InputError => {
    const reason = (cause instanceof Error ? cause.message : String(cause)).split("\n")[0]!.trim();
    return new InputError(
      sniffed.kind === "image"
        ? `${name} looks like ${sniffed.description} but cannot be decoded: it is damaged or truncated (${reason}).`
        : `${name} is not an image hftool can read (${reason}).`,
      {
        code: "INPUT_NOT_IMAGE",
        cause,
        hint:
          sniffed.kind === "image"
            ? "Open it in an image viewer to check it; re-export or download it again."
            : `${task} takes an image: ${FORMATS}.`,
        details: { file: name },
      },
    );
  };
  try {
    const source = sharp(data, { autoOrient: true, failOn: "error" });
    const metadata = await source.metadata();
    const hasAlpha = metadata.hasAlpha === true;
    let pipeline = source.toColourspace("srgb");
    pipeline = hasAlpha ? pipeline.ensureAlpha() : pipeline.removeAlpha();
    const { data: pixels, info } = await pipeline
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 && info.channels !== 4) throw new Error(`decoded to ${info.channels} channels`);
    return {
      data: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length),
      width: info.width,
      height: info.height,
      channels: info.channels,
      format: String(metadata.format ?? sniffed.format ?? "unknown"),
      name,
    };
  } catch (cause) {
    throw unreadable(cause);
  }
}
