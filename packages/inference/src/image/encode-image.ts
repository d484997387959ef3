import { UsageError } from "@hftool/core";
import { loadSharp } from "../diffusion/image/load-sharp.js";

/** Formats generated images are written in: PNG as it comes, JPEG and WebP through sharp. */
export const IMAGE_OUTPUT_FORMATS = ["png", "jpg", "jpeg", "webp"] as const;

/** Parameters of {@link encodeImage}. */
export interface EncodeImageParams {
  /** The image as PNG (what pipelines produce). */
  png: Uint8Array;
  /** `png`, `jpg`/`jpeg` or `webp`. */
  format: string;
  /** JPEG/WebP quality, 1–100. @default 90 */
  quality?: number;
}

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
};

/**
 * Re-encodes a PNG as JPEG or WebP with sharp (libvips), for files a tenth the size. JPEG has no
 * transparency: it is flattened onto white. WebP keeps it. A PNG comes back as it is, with its
 * text chunks.
 *
 * @throws {UsageError} for any other format.
 */
export async function encodeImage(
  params: EncodeImageParams,
): Promise<{ data: Uint8Array; mediaType: string }> {
  const format = params.format.toLowerCase().replace(/^\./, "");
  const mediaType = MEDIA_TYPES[format];
  if (!mediaType) {
    throw new UsageError(`An image cannot be written as .${format}.`, {
      hint: `Use one of: ${IMAGE_OUTPUT_FORMATS.join(", ")}.`,
    });
  }
  if (format === "png") return { data: params.png, mediaType };
  const sharp = await loadSharp();
  const quality = Math.min(100, Math.max(1, Math.round(params.quality ?? 90)));
  const image = sharp(params.png);
  const data =
    format === "webp"
      ? await image.webp({ quality }).toBuffer()
      : await image.flatten({ background: "#ffffff" }).jpeg({ quality, mozjpeg: true }).toBuffer();
  return { data: new Uint8Array(data), mediaType };
}
