import type { RasterImage } from "../../image/raster-image.js";

/**
 * Expands grey to RGB and composes any alpha over white, the way a viewer shows a transparent
 * picture: models see what people see, where dropping alpha would leave whatever colour hides
 * under the transparent pixels (often black). With `composeAlpha: false` the colour channels are
 * kept as they are (for pipelines that carry the alpha channel over themselves).
 */
export function toRgbImage(image: RasterImage, composeAlpha = true): RasterImage & { channels: 3 } {
  const { width, height, channels, data } = image;
  if (channels === 3) return { data, width, height, channels: 3 };
  const pixels = width * height;
  const out = new Uint8Array(pixels * 3);
  const hasAlpha = channels === 2 || channels === 4;
  const colour = channels >= 3 ? 3 : 1;
  for (let p = 0; p < pixels; p++) {
    const at = p * channels;
    const alpha = hasAlpha && composeAlpha ? data[at + channels - 1]! / 255 : 1;
    for (let c = 0; c < 3; c++) {
      const value = data[at + (colour === 3 ? c : 0)]!;
      out[p * 3 + c] = Math.round(value * alpha + 255 * (1 - alpha));
    }
  }
  return { data: out, width, height, channels: 3 };
}
