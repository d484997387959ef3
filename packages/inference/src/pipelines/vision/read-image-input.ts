import { decodeImage } from "../../image/decode-image.js";
import type { ImageInput, RasterImage } from "../../image/raster-image.js";

/** An input image as pixels (files and bytes decoded; pixels passed through), with the name for messages. */
export async function readImageInput(
  input: ImageInput,
  task: string,
  signal?: AbortSignal,
): Promise<RasterImage> {
  if (typeof input === "string") return decodeImage({ path: input, task, ...(signal ? { signal } : {}) });
  if (input instanceof Uint8Array) return decodeImage({ data: input, task, ...(signal ? { signal } : {}) });
  const expected = input.width * input.height * input.channels;
  if (!(input.width > 0 && input.height > 0) || input.data.length !== expected) {
    throw new RangeError(
      `Pixels of ${input.width}×${input.height}×${input.channels} need ${expected} bytes, not ${input.data.length}.`,
    );
  }
  return input;
}
