import { describe, expect, it } from "@jest/globals";
import sharp from "sharp";
import { drawLabelledBoxes } from "./draw-labelled-boxes.js";
import { encodeRasterPng } from "./encode-raster-png.js";
import { overlayMasks } from "./overlay-masks.js";
import type { RasterImage } from "./raster-image.js";

const white = (width: number, height: number, channels: 3 | 4 = 3): RasterImage => ({
  data: new Uint8Array(width * height * channels).fill(255),
  width,
  height,
  channels,
});
const at = (image: RasterImage, x: number, y: number) =>
  Array.from(
    image.data.subarray((y * image.width + x) * image.channels, (y * image.width + x) * image.channels + 3),
  );

describe("drawLabelledBoxes", () => {
  it("outlines each box in its colour and writes its label on a tab of that colour", async () => {
    const image = white(200, 120);
    const drawn = await drawLabelledBoxes({
      image,
      boxes: [{ box: { xmin: 40, ymin: 50, xmax: 160, ymax: 110 }, text: "I", colour: [0, 0, 255] }],
    });
    expect(drawn).toMatchObject({ width: 200, height: 120, channels: 3 });
    expect(at(drawn, 41, 80)).toEqual([0, 0, 255]); // left edge of the outline
    expect(at(drawn, 100, 80)).toEqual([255, 255, 255]); // inside stays untouched
    expect(at(drawn, 20, 80)).toEqual([255, 255, 255]); // outside too
    // on a 200×120 picture the font is 1:1: the tab is 5 + 2·2 wide and 7 + 2·2 high, above the
    // box, and the "I" is painted in white on it (top bar at row 0, stem in the middle column)
    const tab = [0, 0, 255];
    expect(at(drawn, 40, 39)).toEqual(tab);
    expect(at(drawn, 48, 49)).toEqual(tab);
    expect(at(drawn, 49, 45)).toEqual([255, 255, 255]); // right of the tab: the picture
    expect(at(drawn, 42, 41)).toEqual(tab);
    expect(at(drawn, 43, 41)).toEqual([255, 255, 255]);
    expect(at(drawn, 45, 41)).toEqual([255, 255, 255]);
    expect(at(drawn, 44, 44)).toEqual([255, 255, 255]);
    expect(at(drawn, 43, 44)).toEqual(tab);
  });

  it("keeps alpha on RGBA pictures and returns the picture as it is without boxes", async () => {
    const rgba = white(20, 20, 4);
    expect(await drawLabelledBoxes({ image: rgba, boxes: [] })).toBe(rgba);
    const drawn = await drawLabelledBoxes({
      image: rgba,
      boxes: [{ box: { xmin: 2, ymin: 8, xmax: 18, ymax: 18 }, text: "x", colour: [255, 0, 0] }],
    });
    expect(drawn.channels).toBe(4);
  });
});

describe("overlayMasks", () => {
  it("blends each mask's colour over the picture by opacity, leaving the rest alone", () => {
    const image = white(4, 1);
    const mask = (values: number[]): RasterImage => ({
      data: Uint8Array.from(values),
      width: 4,
      height: 1,
      channels: 1,
    });
    const out = overlayMasks({
      image,
      masks: [
        { mask: mask([255, 255, 0, 0]), colour: [255, 0, 0] },
        { mask: mask([0, 0, 255, 0]), colour: [0, 0, 255] },
      ],
      opacity: 0.5,
    });
    expect(at(out, 0, 0)).toEqual([255, 128, 128]);
    expect(at(out, 2, 0)).toEqual([128, 128, 255]);
    expect(at(out, 3, 0)).toEqual([255, 255, 255]);
    expect(image.data.every((v) => v === 255)).toBe(true); // the input is not changed
    expect(
      at(
        overlayMasks({ image, masks: [{ mask: mask([255, 0, 0, 0]), colour: [1, 2, 3] }], opacity: 1 }),
        0,
        0,
      ),
    ).toEqual([1, 2, 3]);
  });
});

describe("encodeRasterPng", () => {
  it("keeps one channel grey and RGBA with alpha", async () => {
    const grey = await encodeRasterPng({
      image: { data: Uint8Array.of(0, 128, 255, 64), width: 2, height: 2, channels: 1 },
    });
    const greyMeta = await sharp(grey).metadata();
    expect([greyMeta.channels, greyMeta.space, greyMeta.width]).toEqual([1, "b-w", 2]);
    const data = await sharp(grey).extractChannel(0).raw().toBuffer();
    expect(Array.from(data)).toEqual([0, 128, 255, 64]);
    const rgba = await encodeRasterPng({ image: white(3, 3, 4) });
    expect((await sharp(rgba).metadata()).hasAlpha).toBe(true);
  });
});
