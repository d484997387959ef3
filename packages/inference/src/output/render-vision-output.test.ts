import { describe, expect, it } from "@jest/globals";
import { UsageError } from "@hftool/core";
import sharp from "sharp";
import type { RasterImage } from "../image/raster-image.js";
import type { VisionResult } from "../pipelines/vision/vision-results.js";
import { renderTaskOutput } from "./render-task-output.js";
import { visionResultToJson } from "./vision-result-to-json.js";

const picture = (width: number, height: number, channels: 1 | 3 | 4 = 3, value = 255): RasterImage => ({
  data: new Uint8Array(width * height * channels).fill(value),
  width,
  height,
  channels,
});
const text = (data: Uint8Array | string) =>
  typeof data === "string" ? data : new TextDecoder().decode(data);
const pngInfo = async (data: Uint8Array | string) => {
  expect(typeof data).not.toBe("string");
  return sharp(data as Uint8Array).metadata();
};

const labels: VisionResult = {
  kind: "image-labels",
  width: 4,
  height: 3,
  labels: [
    { label: "tabby cat", score: 0.91234567 },
    { label: "dog", score: 0.05 },
  ],
};
const mask = picture(200, 100, 1, 0);
mask.data.fill(255, 0, 10000); // top half
const segments: VisionResult = {
  kind: "segments",
  subtask: "panoptic",
  width: 200,
  height: 100,
  image: picture(200, 100),
  opacity: 0.5,
  segments: [
    {
      label: "sky",
      score: 0.98,
      mask,
      pixels: 10000,
      fraction: 0.5,
      box: { xmin: 0, ymin: 0, xmax: 200, ymax: 50 },
      colour: [0, 130, 200],
    },
  ],
};

describe("renderTaskOutput for vision results", () => {
  it("writes labels as JSON and as tab-separated text", async () => {
    const json = JSON.parse(text((await renderTaskOutput({ result: labels, format: "json" })).data));
    expect(json).toEqual({
      width: 4,
      height: 3,
      labels: [
        { label: "tabby cat", score: 0.912346 },
        { label: "dog", score: 0.05 },
      ],
    });
    const txt = await renderTaskOutput({ result: labels, format: "txt" });
    expect(txt).toEqual({ data: "tabby cat\t0.9123\ndog\t0.0500\n", mediaType: "text/tab-separated-values" });
    await expect(renderTaskOutput({ result: labels, format: "png" })).rejects.toThrow(UsageError);
  });

  it("draws detections on the picture for png, and lists them in json and txt", async () => {
    const result: VisionResult = {
      kind: "detections",
      width: 64,
      height: 48,
      image: picture(64, 48),
      objects: [{ label: "cat", score: 0.97, box: { xmin: 8, ymin: 20, xmax: 40, ymax: 44 } }],
    };
    const png = await renderTaskOutput({ result, format: "png" });
    expect(png.mediaType).toBe("image/png");
    expect(await pngInfo(png.data)).toMatchObject({ width: 64, height: 48, format: "png" });
    const { data } = await sharp(png.data as Uint8Array)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const left = (30 * 64 + 9) * 3; // on the box's left edge
    expect(Array.from(data.subarray(left, left + 3))).not.toEqual([255, 255, 255]);
    expect(JSON.parse(text((await renderTaskOutput({ result, format: "json" })).data))).toEqual({
      width: 64,
      height: 48,
      objects: [{ label: "cat", score: 0.97, box: { xmin: 8, ymin: 20, xmax: 40, ymax: 44 } }],
    });
    expect(text((await renderTaskOutput({ result, format: "txt" })).data)).toBe(
      "cat\t0.9700\t8\t20\t40\t44\n",
    );
  });

  it("paints segments over the picture for png and describes them in json", async () => {
    const png = await renderTaskOutput({ result: segments, format: "png" });
    expect(await pngInfo(png.data)).toMatchObject({ width: 200, height: 100 });
    const { data } = await sharp(png.data as Uint8Array)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const top = (2 * 200 + 1) * 3;
    expect(Array.from(data.subarray(top, top + 3))).toEqual([128, 193, 228]); // half sky blue over white
    const bottom = (90 * 200 + 1) * 3;
    expect(Array.from(data.subarray(bottom, bottom + 3))).toEqual([255, 255, 255]);
    expect(JSON.parse(text((await renderTaskOutput({ result: segments, format: "json" })).data))).toEqual({
      width: 200,
      height: 100,
      subtask: "panoptic",
      segments: [
        {
          label: "sky",
          score: 0.98,
          color: "#0082c8",
          pixels: 10000,
          fraction: 0.5,
          box: { xmin: 0, ymin: 0, xmax: 200, ymax: 50 },
        },
      ],
    });
  });

  it("writes a cut-out with alpha, a grey depth map, an upscaled picture and a caption", async () => {
    const cutout = await renderTaskOutput({
      result: { kind: "cutout", image: picture(6, 4, 4), foreground: 0.4, maskOnly: false },
      format: "png",
    });
    expect(await pngInfo(cutout.data)).toMatchObject({ width: 6, height: 4, hasAlpha: true });
    const depth: VisionResult = {
      kind: "depth",
      depth: picture(5, 3, 1, 9),
      min: 0.5,
      max: 7.25,
      type: "relative",
      width: 5,
      height: 3,
    };
    expect(await pngInfo((await renderTaskOutput({ result: depth, format: "png" })).data)).toMatchObject({
      width: 5,
      height: 3,
      channels: 1,
    });
    expect(visionResultToJson(depth)).toEqual({ width: 5, height: 3, type: "relative", min: 0.5, max: 7.25 });
    const upscaled: VisionResult = {
      kind: "upscaled",
      image: picture(8, 6),
      scale: 2,
      inputWidth: 4,
      inputHeight: 3,
    };
    expect(await pngInfo((await renderTaskOutput({ result: upscaled, format: "png" })).data)).toMatchObject({
      width: 8,
      height: 6,
    });
    expect(visionResultToJson(upscaled)).toEqual({
      width: 8,
      height: 6,
      scale: 2,
      input_width: 4,
      input_height: 3,
    });
    const caption: VisionResult = { kind: "caption", text: "a dog on a skateboard" };
    expect((await renderTaskOutput({ result: caption, format: "txt" })).data).toBe("a dog on a skateboard\n");
    expect(JSON.parse(text((await renderTaskOutput({ result: caption, format: "json" })).data))).toEqual({
      text: "a dog on a skateboard",
    });
    await expect(renderTaskOutput({ result: caption, format: "srt" })).rejects.toThrow(
      /A caption cannot be written as \.srt/,
    );
  });
});
