import { loadSharp } from "../diffusion/image/load-sharp.js";
import { bitmapTextPath, bitmapTextWidth, GLYPH_HEIGHT } from "./bitmap-font.js";
import type { RasterImage } from "./raster-image.js";

/** A rectangle to outline, and/or a caption to write, on an image. */
export interface LabelledBox {
  /** Box in pixels (corners, inclusive of `xmin`/`ymin`). */
  box: { xmin: number; ymin: number; xmax: number; ymax: number };
  /** Text of the caption (`person 97%`). */
  text: string;
  /** `[r, g, b]`. */
  colour: readonly [number, number, number];
  /** Draw the outline; `false` writes only the caption, centred in the box. @default true */
  outline?: boolean;
}

/** Parameters of {@link drawLabelledBoxes}. */
export interface DrawLabelledBoxesParams {
  image: RasterImage;
  boxes: readonly LabelledBox[];
}

/**
 * Draws outlined boxes with captions on a picture: an SVG overlay rasterised and composited by
 * sharp. Captions are painted from hftool's own 5×7 pixel font (`bitmapTextPath`), so they read
 * the same everywhere, with or without fonts installed. Line width and text size follow the
 * picture's size; each caption sits on a filled tab of its box's colour, above the box or inside
 * it at the top edge, in black or white, whichever reads better. Returns the picture with the
 * channels it had.
 */
export async function drawLabelledBoxes({ image, boxes }: DrawLabelledBoxesParams): Promise<RasterImage> {
  const { width, height } = image;
  if (boxes.length === 0) return image;
  const side = Math.min(width, height);
  const line = Math.max(2, Math.round(side / 250));
  // font pixels per picture pixel: 2 on a 640×480 picture, 4 on 1920×1080
  const scale = Math.max(1, Math.min(6, Math.round(side / 250)));
  const pad = 2 * scale;
  const parts: string[] = [];
  for (const { box, text, colour, outline = true } of boxes) {
    const [r, g, b] = colour;
    const fill = `rgb(${r},${g},${b})`;
    const ink = 0.299 * r + 0.587 * g + 0.114 * b > 150 ? "#000" : "#fff";
    const x = Math.max(0, Math.min(width - 1, box.xmin));
    const y = Math.max(0, Math.min(height - 1, box.ymin));
    const w = Math.max(1, Math.min(width, box.xmax) - x);
    const h = Math.max(1, Math.min(height, box.ymax) - y);
    if (outline) {
      parts.push(
        `<rect x="${x + line / 2}" y="${y + line / 2}" width="${Math.max(1, w - line)}" height="${Math.max(1, h - line)}" fill="none" stroke="${fill}" stroke-width="${line}"/>`,
      );
    }
    const tabWidth = Math.min(width, bitmapTextWidth(text, scale) + 2 * pad);
    const tabHeight = GLYPH_HEIGHT * scale + 2 * pad;
    let tabX: number;
    let tabY: number;
    if (outline) {
      tabX = Math.min(x, width - tabWidth);
      tabY = y - tabHeight >= 0 ? y - tabHeight : y;
    } else {
      tabX = Math.max(0, Math.min(width - tabWidth, Math.round(x + w / 2 - tabWidth / 2)));
      tabY = Math.max(0, Math.min(height - tabHeight, Math.round(y + h / 2 - tabHeight / 2)));
    }
    parts.push(
      `<rect x="${tabX}" y="${tabY}" width="${tabWidth}" height="${tabHeight}" fill="${fill}"/>`,
      `<path d="${bitmapTextPath(text, tabX + pad, tabY + pad, scale)}" fill="${ink}"/>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join("")}</svg>`;
  const sharp = await loadSharp();
  const composed = sharp(image.data, { raw: { width, height, channels: image.channels } }).composite([
    { input: Buffer.from(svg), top: 0, left: 0 },
  ]);
  const { data, info } = await (
    image.channels === 4 || image.channels === 2 ? composed.ensureAlpha() : composed.removeAlpha()
  )
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    channels: info.channels as RasterImage["channels"],
  };
}
