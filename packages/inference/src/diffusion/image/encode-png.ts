import { loadSharp } from "./load-sharp.js";
import type { GeneratedImage } from "./raw-image.js";

/** Parameters of {@link encodePng}. */
export interface EncodePngParams {
  image: GeneratedImage;
  /** zlib level, 0 (fastest) to 9 (smallest). @default 6 */
  compressionLevel?: number;
}

/**
 * Encodes a generated image as PNG with sharp. The bytes depend only on the pixels and the
 * level, so one seed gives byte-identical files. Metadata text chunks are added by the caller
 * (`@hftool/core`'s output writer), not here.
 */
export async function encodePng({ image, compressionLevel = 6 }: EncodePngParams): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
    .png({ compressionLevel, adaptiveFiltering: false })
    .toBuffer();
}
