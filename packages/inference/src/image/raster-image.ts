/**
 * Uncompressed 8-bit pixels, row-major with channels interleaved: 1 grey, 2 grey + alpha, 3 RGB,
 * 4 RGBA. Structurally the same as the diffusion pipelines' `RawImage`, so one decoded input
 * serves every image task.
 */
export interface RasterImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/** An image as the vision pipelines take it: a file path, encoded bytes (PNG, JPEG, WebP, …), or pixels. */
export type ImageInput = string | Uint8Array | RasterImage;
