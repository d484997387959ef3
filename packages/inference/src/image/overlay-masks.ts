import type { RasterImage } from "./raster-image.js";

/** One mask to paint over a picture. */
export interface ColouredMask {
  /** One channel, the picture's size: 0 outside, 255 inside (soft masks blend in between). */
  mask: RasterImage;
  /** `[r, g, b]`. */
  colour: readonly [number, number, number];
}

/** Parameters of {@link overlayMasks}. */
export interface OverlayMasksParams {
  /** RGB or RGBA picture. */
  image: RasterImage;
  masks: readonly ColouredMask[];
  /** How strongly the colours cover the picture: 0 shows only the picture, 1 only the colours. @default 0.5 */
  opacity?: number;
}

/**
 * Paints coloured masks over a picture (segmentation results): each pixel takes the colour of the
 * mask that covers it most, blended with the picture by `opacity`. The masks of a segmentation do
 * not overlap, so one pass over the pixels per mask is all it costs. Returns a new picture with
 * the channels of the input.
 */
export function overlayMasks({ image, masks, opacity = 0.5 }: OverlayMasksParams): RasterImage {
  const { width, height, channels } = image;
  const pixels = width * height;
  const best = new Uint8Array(pixels);
  const owner = new Int32Array(pixels).fill(-1);
  masks.forEach(({ mask }, index) => {
    if (mask.width !== width || mask.height !== height) {
      throw new Error(`mask ${index} is ${mask.width}×${mask.height}, the picture ${width}×${height}`);
    }
    const step = mask.channels;
    for (let p = 0; p < pixels; p++) {
      const value = mask.data[p * step]!;
      if (value > best[p]!) {
        best[p] = value;
        owner[p] = index;
      }
    }
  });
  const out = new Uint8Array(image.data);
  const strength = Math.max(0, Math.min(1, opacity));
  for (let p = 0; p < pixels; p++) {
    const index = owner[p]!;
    if (index < 0) continue;
    const a = (strength * best[p]!) / 255;
    const colour = masks[index]!.colour;
    const at = p * channels;
    for (let c = 0; c < 3; c++) out[at + c] = Math.round(out[at + c]! * (1 - a) + colour[c]! * a);
  }
  return { data: out, width, height, channels };
}
