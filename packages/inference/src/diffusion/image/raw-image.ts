/** Uncompressed pixels, row-major, channels interleaved. */
export interface RawImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  /** 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA). */
  channels: 1 | 2 | 3 | 4;
}

/** An image to start from: a file path, the bytes of an encoded image (PNG, JPEG, WebP, …), or raw pixels. */
export type DiffusionImageInput = string | Uint8Array | RawImage;

/** One generated image: 8-bit sRGB pixels, row-major, RGB interleaved. */
export interface GeneratedImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3;
  /** The seed that reproduces this image alone (`seed` + its index in the batch). */
  seed: number;
}
