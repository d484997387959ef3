import { loadSharp } from "../diffusion/image/load-sharp.js";
import type { RasterImage } from "./raster-image.js";

/** Parameters of {@link encodeRasterPng}. */
export interface EncodeRasterPngParams {
  /** Pixels: grey, grey + alpha, RGB or RGBA. */
  image: RasterImage;
  /** zlib level, 0 (fastest) to 9 (smallest). @default 6 */
  compressionLevel?: number;
}

/**
 * Encodes pixels as an 8-bit PNG with sharp, keeping the channels as they are (a grey depth map
 * stays one channel, a cut-out keeps its alpha). Metadata text chunks are added by
 * `@hftool/core`'s output writer, not here.
 */
export async function encodeRasterPng({
  image,
  compressionLevel = 6,
}: EncodeRasterPngParams): Promise<Uint8Array> {
  const sharp = await loadSharp();
  let pipeline = sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  });
  // sharp writes raw single-channel data as RGB unless told it is grey
  if (image.channels <= 2) pipeline = pipeline.toColourspace("b-w");
  const png = await pipeline.png({ compressionLevel, adaptiveFiltering: false }).toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.length);
}
