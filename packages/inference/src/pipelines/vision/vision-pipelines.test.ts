import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "@hftool/core";
import {
  buildCaptionerFixture,
  buildClipFixture,
  buildDepthFixture,
  buildDetrFixture,
  buildImageClassifierFixture,
  buildMattingFixture,
  buildSegformerFixture,
  buildSwin2srFixture,
  encodeTestImage,
  testImagePixels,
} from "@hftool/test-utils";
import { ModelFormatError } from "../../errors/errors.js";
import type { RasterImage } from "../../image/raster-image.js";
import { loadPipeline } from "../load-pipeline.js";
import { PIPELINE_TASKS } from "../pipeline-tasks.js";
import { createBackgroundRemovalPipeline } from "./background-removal-pipeline.js";
import { createDepthEstimationPipeline } from "./depth-estimation-pipeline.js";
import { createImageClassificationPipeline } from "./image-classification-pipeline.js";
import { createImageSegmentationPipeline } from "./image-segmentation-pipeline.js";
import { createImageToTextPipeline } from "./image-to-text-pipeline.js";
import { createImageUpscalingPipeline } from "./image-upscaling-pipeline.js";
import { createObjectDetectionPipeline, ObjectDetectionPipeline } from "./object-detection-pipeline.js";
import { VISION_TASKS } from "./vision-tasks.js";
import { createZeroShotImageClassificationPipeline } from "./zero-shot-image-classification-pipeline.js";

let dir: string;
const model = (name: string) => join(dir, name);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hftool-vision-"));
  buildImageClassifierFixture({ dir: model("vit"), dtypes: ["fp32", "q8"] });
  buildClipFixture({ dir: model("clip") });
  buildDetrFixture({ dir: model("detr") });
  buildSegformerFixture({ dir: model("segformer") });
  buildMattingFixture({ dir: model("modnet") });
  buildMattingFixture({ dir: model("rmbg"), flavour: "rmbg" });
  buildDepthFixture({ dir: model("depth") });
  buildCaptionerFixture({ dir: model("captioner") });
  buildSwin2srFixture({ dir: model("swin2sr") });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (image: RasterImage, x: number, y: number) =>
  Array.from(
    image.data.subarray((y * image.width + x) * image.channels, (y * image.width + x + 1) * image.channels),
  );

describe("vision pipelines on tiny fixture models", () => {
  it("loads every vision task through loadPipeline, by name or alias", async () => {
    expect(PIPELINE_TASKS).toEqual(expect.arrayContaining([...VISION_TASKS]));
    const detector = await loadPipeline({ task: "detect", model: model("detr"), device: "cpu" });
    expect(detector).toBeInstanceOf(ObjectDetectionPipeline);
    expect(detector.task).toBe("object-detection");
    await detector.dispose();
  });

  it("image classification: the dominant colour wins, top_k limits the list", async () => {
    const classifier = await createImageClassificationPipeline({
      model: model("vit"),
      device: "cpu",
      dtype: "q8",
    });
    try {
      expect(classifier.dtype).toBe("q8");
      expect(classifier.labels).toEqual(["red", "green", "blue"]);
      const red = await classifier.run(await encodeTestImage({ width: 40, height: 30, background: "red" }));
      expect(red).toMatchObject({ kind: "image-labels", width: 40, height: 30 });
      expect(red.labels.map((l) => l.label)).toEqual(["red", "green", "blue"]);
      expect(red.labels[0]!.score).toBeGreaterThan(0.99);
      expect(red.labels.reduce((sum, l) => sum + l.score, 0)).toBeCloseTo(1, 5);

      const pixels = testImagePixels({ width: 8, height: 8, background: "blue" });
      const blue = await classifier.run({ ...pixels, width: 8, height: 8 }, { params: { top_k: 1 } });
      expect(blue.labels).toEqual([{ label: "blue", score: expect.any(Number) }]);
      expect(
        (await classifier.run(await encodeTestImage({ width: 4, height: 4 }), { params: { top_k: 99 } }))
          .labels,
      ).toHaveLength(3);
      await expect(classifier.run(pixelsOf("red"), { params: { top_k: 0 } })).rejects.toThrow(UsageError);
    } finally {
      await classifier.dispose();
    }
  });

  it("shows models a transparent picture over white, as a viewer does", async () => {
    const classifier = await createImageClassificationPipeline({ model: model("vit"), device: "cpu" });
    try {
      // fully transparent red: composed over white it is white, and no colour stands out
      const hidden = await encodeTestImage({
        width: 10,
        height: 10,
        alpha: true,
        background: [255, 0, 0, 0],
      });
      const { labels } = await classifier.run(hidden);
      for (const l of labels) expect(l.score).toBeCloseTo(1 / 3, 2);
    } finally {
      await classifier.dispose();
    }
  });

  it("zero-shot image classification scores the labels it is given", async () => {
    const clip = await createZeroShotImageClassificationPipeline({ model: model("clip"), device: "cpu" });
    try {
      const blue = await encodeTestImage({ width: 50, height: 40, background: "blue" });
      const result = await clip.run(blue, { params: { labels: " red, green,blue ,cat,blue" } });
      expect(result.labels.map((l) => l.label)).toEqual(["blue", "cat", "green", "red"]);
      expect(result.labels[0]!.score).toBeGreaterThan(0.99);
      expect(result.labels.reduce((sum, l) => sum + l.score, 0)).toBeCloseTo(1, 5);
      const list = await clip.run(blue, {
        params: { labels: ["green", "blue"], hypothesis_template: "a {} thing" },
      });
      expect(list.labels[0]!.label).toBe("blue");
      await expect(clip.run(blue)).rejects.toThrow(/needs the labels to choose from: --labels/);
      await expect(clip.run(blue, { params: { labels: " , " } })).rejects.toThrow(UsageError);
      await expect(
        clip.run(blue, { params: { labels: "red", hypothesis_template: "no slot" } }),
      ).rejects.toThrow(/must contain \{\}/);
    } finally {
      await clip.dispose();
    }
  });

  it("object detection: labelled boxes in pixels of the input, best first, above the threshold", async () => {
    const detector = await createObjectDetectionPipeline({ model: model("detr"), device: "cpu" });
    try {
      const scene = await encodeTestImage({
        width: 128,
        height: 96,
        rects: [
          { x: 0, y: 0, width: 64, height: 48, colour: "red" },
          { x: 64, y: 48, width: 64, height: 48, colour: "blue" },
        ],
      });
      const result = await detector.run(scene);
      expect(result).toMatchObject({ kind: "detections", width: 128, height: 96 });
      expect(result.objects).toEqual([
        { label: "blue", score: expect.any(Number), box: { xmin: 64, ymin: 48, xmax: 128, ymax: 96 } },
        { label: "red", score: expect.any(Number), box: { xmin: 0, ymin: 0, xmax: 64, ymax: 48 } },
      ]);
      expect(result.objects[0]!.score).toBeGreaterThan(result.objects[1]!.score);
      expect(result.image).toMatchObject({ width: 128, height: 96 });
      const strict = await detector.run(scene, { params: { threshold: 0.99 } });
      expect(strict.objects.map((o) => o.label)).toEqual(["blue"]);
      expect((await detector.run(await encodeTestImage({ width: 64, height: 64 }))).objects).toEqual([]);
      await expect(detector.run(scene, { params: { threshold: 2 } })).rejects.toThrow(
        /--threshold must be a number between 0 and 1/,
      );
    } finally {
      await detector.dispose();
    }
  });

  it("image segmentation: a mask, size, box and colour per region", async () => {
    const segmenter = await createImageSegmentationPipeline({ model: model("segformer"), device: "cpu" });
    try {
      expect(segmenter.subtasks).toEqual(["semantic"]);
      const halves = await encodeTestImage({
        width: 80,
        height: 60,
        rects: [
          { x: 0, y: 0, width: 40, height: 60, colour: "red" },
          { x: 40, y: 0, width: 40, height: 60, colour: "blue" },
        ],
      });
      const result = await segmenter.run(halves, { params: { opacity: 0.7 } });
      expect(result).toMatchObject({
        kind: "segments",
        subtask: "semantic",
        width: 80,
        height: 60,
        opacity: 0.7,
      });
      const byLabel = Object.fromEntries(result.segments.map((s) => [s.label, s]));
      expect(Object.keys(byLabel).sort()).toEqual(["blue", "red"]);
      expect(byLabel.red).toMatchObject({ score: null, box: { xmin: 0, ymin: 0, xmax: 40, ymax: 60 } });
      expect(byLabel.red!.fraction).toBeCloseTo(0.5, 2);
      expect(byLabel.blue!.box).toEqual({ xmin: 40, ymin: 0, xmax: 80, ymax: 60 });
      expect(at(byLabel.red!.mask, 10, 10)).toEqual([255]);
      expect(at(byLabel.red!.mask, 70, 10)).toEqual([0]);
      expect(byLabel.red!.colour).not.toEqual(byLabel.blue!.colour);
      await expect(segmenter.run(halves, { params: { subtask: "panoptic" } })).rejects.toThrow(
        /cannot do panoptic segmentation, only semantic/,
      );
    } finally {
      await segmenter.dispose();
    }
  });

  it("background removal: the picture's own pixels with the model's matte as alpha", async () => {
    const portrait = await encodeTestImage({
      width: 80,
      height: 60,
      background: "blue",
      rects: [{ x: 20, y: 15, width: 40, height: 30, colour: "red" }],
    });
    for (const flavour of ["modnet", "rmbg"]) {
      // RMBG-1.4's config names a class, not a model type: it must load all the same
      const remover = await createBackgroundRemovalPipeline({ model: model(flavour), device: "cpu" });
      try {
        const cutout = await remover.run(portrait);
        expect(cutout).toMatchObject({ kind: "cutout", maskOnly: false });
        expect(cutout.image).toMatchObject({ width: 80, height: 60, channels: 4 });
        expect(at(cutout.image, 40, 30)).toEqual([255, 0, 0, expect.any(Number)]);
        expect(at(cutout.image, 40, 30)[3]).toBeGreaterThan(240);
        expect(at(cutout.image, 5, 5)).toEqual([0, 0, 255, expect.any(Number)]);
        expect(at(cutout.image, 5, 5)[3]).toBeLessThan(15);
        expect(cutout.foreground).toBeCloseTo(0.25, 1);
        const matte = await remover.run(portrait, { params: { mask_only: true } });
        expect(matte.image).toMatchObject({ width: 80, height: 60, channels: 1 });
        expect(at(matte.image, 40, 30)[0]).toBeGreaterThan(240);
      } finally {
        await remover.dispose();
      }
    }
  });

  it("depth estimation: a map the input's size, scaled to 0-255, with the model's range", async () => {
    const depth = await createDepthEstimationPipeline({ model: model("depth"), device: "cpu" });
    try {
      const ramp = await encodeTestImage({ width: 90, height: 40, horizontalRamp: true });
      const result = await depth.run(ramp);
      expect(result).toMatchObject({ kind: "depth", width: 90, height: 40, type: "relative" });
      expect(result.depth).toMatchObject({ width: 90, height: 40, channels: 1 });
      expect(result.max).toBeGreaterThan(result.min);
      const row = Array.from({ length: 90 }, (_, x) => at(result.depth, x, 20)[0]!);
      expect(row[0]).toBeLessThan(10);
      expect(row[89]).toBeGreaterThan(245);
      for (let x = 1; x < 90; x++) expect(row[x]).toBeGreaterThanOrEqual(row[x - 1]! - 1);
    } finally {
      await depth.dispose();
    }
  });

  it("image-to-text: the encoder reads the picture, the cached decoder writes the caption", async () => {
    const captioner = await createImageToTextPipeline({ model: model("captioner"), device: "cpu" });
    try {
      const green = await encodeTestImage({ width: 40, height: 30, background: "green" });
      expect(await captioner.run(green)).toEqual({ kind: "caption", text: "a green picture" });
      expect(
        (await captioner.run(await encodeTestImage({ width: 40, height: 30, background: "red" }))).text,
      ).toBe("a red picture");
      expect(
        (await captioner.run(await encodeTestImage({ width: 8, height: 8, background: [128, 128, 128] })))
          .text,
      ).toBe("a");
      expect((await captioner.run(green, { params: { max_new_tokens: 1 } })).text).toBe("a");
    } finally {
      await captioner.dispose();
    }
  });

  it("image upscaling: exactly scale × the input, the padding cut off, tiles seamless, alpha kept", async () => {
    const upscaler = await createImageUpscalingPipeline({ model: model("swin2sr"), device: "cpu" });
    try {
      expect(upscaler.scale).toBe(2);
      const params = {
        width: 30,
        height: 20,
        rects: [{ x: 3, y: 2, width: 11, height: 9, colour: "red" as const }],
      };
      const input = await encodeTestImage(params);
      const whole = await upscaler.run(input, { params: { tile_size: 0 } });
      expect(whole).toMatchObject({ kind: "upscaled", scale: 2, inputWidth: 30, inputHeight: 20 });
      expect(whole.image).toMatchObject({ width: 60, height: 40, channels: 3 });
      // the fixture enlarges by nearest neighbour: every output pixel is its source pixel
      const source = testImagePixels(params);
      for (const [x, y] of [
        [0, 0],
        [7, 5],
        [27, 21],
        [59, 39],
        [6, 4],
        [28, 22],
      ] as const) {
        const from = ((y >> 1) * 30 + (x >> 1)) * 3;
        expect(at(whole.image, x, y)).toEqual(Array.from(source.data.subarray(from, from + 3)));
      }
      const steps: number[] = [];
      const tiled = await upscaler.run(input, {
        params: { tile_size: 12, tile_overlap: 2 },
        onProgress: (p) => steps.push(p.done),
      });
      expect(Buffer.from(tiled.image.data).equals(Buffer.from(whole.image.data))).toBe(true);
      expect(steps.length).toBeGreaterThan(4);

      const translucent = await encodeTestImage({
        width: 10,
        height: 6,
        alpha: true,
        background: [0, 255, 0, 128],
      });
      const withAlpha = await upscaler.run(translucent);
      expect(withAlpha.image).toMatchObject({ width: 20, height: 12, channels: 4 });
      expect(at(withAlpha.image, 9, 5)).toEqual([0, 255, 0, 128]);
    } finally {
      await upscaler.dispose();
    }
  });

  it("says what kind of model was expected when a folder holds another kind", async () => {
    const error = await createObjectDetectionPipeline({ model: model("depth"), device: "cpu" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as ModelFormatError).code).toBe("MODEL_LOAD_FAILED");
    expect((error as ModelFormatError).hint).toMatch(/an object detection model \(DETR, YOLOS\)/);
  });
});

function pixelsOf(colour: "red" | "green" | "blue"): RasterImage {
  return { ...testImagePixels({ width: 4, height: 4, background: colour }), width: 4, height: 4 };
}
