import type { RasterImage } from "../../image/raster-image.js";
import type { PixelBox } from "./vision-results.js";

/** Pixels of a one-channel mask at or above half intensity, and the box around them. */
export function maskStats(mask: RasterImage): { pixels: number; box: PixelBox } {
  const { width, height, channels, data } = mask;
  let pixels = 0;
  let xmin = width;
  let ymin = height;
  let xmax = -1;
  let ymax = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (data[(row + x) * channels]! < 128) continue;
      pixels++;
      if (x < xmin) xmin = x;
      if (x > xmax) xmax = x;
      if (y < ymin) ymin = y;
      if (y > ymax) ymax = y;
    }
  }
  return pixels === 0
    ? { pixels, box: { xmin: 0, ymin: 0, xmax: 0, ymax: 0 } }
    : { pixels, box: { xmin, ymin, xmax: xmax + 1, ymax: ymax + 1 } };
}
