// Real-model tier for the vision tasks: models placed in HFTOOL_TEST_MODELS_DIR, laid out as a
// Hugging Face cache (models--org--name/snapshots/<commit>/…), run on drawn pictures. Where a
// drawing has a known answer (CLIP telling a red circle from a blue square, an upscale that
// shrinks back to its input) the test asserts it; elsewhere it asserts what any working model
// must give. Each test prints why it skips when its model is absent.
import { describe, expect, it } from "@jest/globals";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { decodeImage } from "../src/image/decode-image.js";
import { createVisionPipeline } from "../src/pipelines/vision/create-vision-pipeline.js";
import type { VisionResult } from "../src/pipelines/vision/vision-results.js";

const root = process.env.HFTOOL_TEST_MODELS_DIR;

function findModel(repos: readonly string[]): { dir?: string; reason: string } {
  if (!root) return { reason: "HFTOOL_TEST_MODELS_DIR is not set" };
  for (const repo of repos) {
    const snapshots = join(root, `models--${repo.replace("/", "--")}`, "snapshots");
    if (!existsSync(snapshots)) continue;
    const commits = readdirSync(snapshots);
    if (commits.length > 0) return { dir: join(snapshots, commits.sort().at(-1)!), reason: "" };
  }
  return { reason: `none of ${repos.join(", ")} is in ${root}` };
}

/** A 224×224 drawing on white: a red circle or a blue square. */
async function drawing(shape: "circle" | "square"): Promise<Uint8Array> {
  const body =
    shape === "circle"
      ? '<circle cx="112" cy="112" r="80" fill="#e01010"/>'
      : '<rect x="32" y="32" width="160" height="160" fill="#1030e0"/>';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="224" height="224"><rect width="224" height="224" fill="#fff"/>${body}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

async function withModel<T extends VisionResult>(
  task: string,
  repos: readonly string[],
  body: (run: (input: Uint8Array, params?: Record<string, unknown>) => Promise<T>) => Promise<void>,
): Promise<void> {
  const model = findModel(repos);
  if (!model.dir) return void console.log(`skipped ${task}: ${model.reason}`);
  const pipeline = await createVisionPipeline({ task, model: model.dir, device: "cpu" });
  try {
    await body((input, params = {}) => pipeline.run(input, { params }) as Promise<T>);
  } finally {
    await pipeline.dispose();
  }
}

describe("real vision models from HFTOOL_TEST_MODELS_DIR", () => {
  it("CLIP tells a red circle from a blue square", async () => {
    await withModel(
      "zero-shot-image-classification",
      ["Xenova/clip-vit-base-patch32", "Xenova/siglip-base-patch16-224"],
      async (run) => {
        const labels = "a red circle,a blue square,a green triangle";
        const circle = await run(await drawing("circle"), { labels });
        const square = await run(await drawing("square"), { labels });
        if (circle.kind !== "image-labels" || square.kind !== "image-labels") throw new Error("not labels");
        expect(circle.labels[0]!.label).toBe("a red circle");
        expect(square.labels[0]!.label).toBe("a blue square");
      },
    );
  });

  it("Swin2SR enlarges by its factor, and the result shrinks back to the input", async () => {
    await withModel(
      "image-upscaling",
      [
        "Xenova/swin2SR-lightweight-x2-64",
        "Xenova/swin2SR-classical-sr-x2-64",
        "Xenova/swin2SR-classical-sr-x4-64",
        "Xenova/swin2SR-compressed-sr-x4-48",
      ],
      async (run) => {
        const input = await sharp(await drawing("circle"))
          .resize(60, 44)
          .png()
          .toBuffer();
        const result = await run(new Uint8Array(input), { tile_size: 32 });
        if (result.kind !== "upscaled") throw new Error("not upscaled");
        expect([result.image.width, result.image.height]).toEqual([60 * result.scale, 44 * result.scale]);
        const back = await sharp(result.image.data, {
          raw: { width: result.image.width, height: result.image.height, channels: result.image.channels },
        })
          .resize(60, 44)
          .removeAlpha()
          .raw()
          .toBuffer();
        const original = (await decodeImage({ data: new Uint8Array(input) })).data;
        let diff = 0;
        for (let i = 0; i < original.length; i++) diff += Math.abs(original[i]! - back[i]!);
        expect(diff / original.length).toBeLessThan(12);
      },
    );
  });

  it("classifiers, detectors, segmenters, matting, depth and captioners give well-formed results", async () => {
    const picture = await drawing("circle");
    await withModel(
      "image-classification",
      ["Xenova/vit-base-patch16-224", "Xenova/resnet-50"],
      async (run) => {
        const r = await run(picture);
        if (r.kind !== "image-labels") throw new Error("not labels");
        expect(r.labels).toHaveLength(5);
        for (let i = 1; i < 5; i++) expect(r.labels[i]!.score).toBeLessThanOrEqual(r.labels[i - 1]!.score);
      },
    );
    await withModel("object-detection", ["Xenova/detr-resnet-50", "Xenova/yolos-tiny"], async (run) => {
      const r = await run(picture, { threshold: 0.1 });
      if (r.kind !== "detections") throw new Error("not detections");
      for (const o of r.objects) expect(o.box.xmax).toBeLessThanOrEqual(224);
    });
    await withModel(
      "image-segmentation",
      ["Xenova/detr-resnet-50-panoptic", "Xenova/segformer-b0-finetuned-ade-512-512"],
      async (run) => {
        const r = await run(picture);
        if (r.kind !== "segments") throw new Error("not segments");
        expect(r.segments.length).toBeGreaterThan(0);
        for (const s of r.segments) expect([s.mask.width, s.mask.height]).toEqual([224, 224]);
      },
    );
    await withModel("background-removal", ["Xenova/modnet", "briaai/RMBG-1.4"], async (run) => {
      const r = await run(picture);
      if (r.kind !== "cutout") throw new Error("not a cutout");
      expect(r.image).toMatchObject({ width: 224, height: 224, channels: 4 });
    });
    await withModel(
      "depth-estimation",
      ["onnx-community/depth-anything-v2-small", "Xenova/dpt-hybrid-midas"],
      async (run) => {
        const r = await run(picture);
        if (r.kind !== "depth") throw new Error("not depth");
        expect([r.width, r.height]).toEqual([224, 224]);
        expect(r.max).toBeGreaterThan(r.min);
      },
    );
    await withModel("image-to-text", ["Xenova/vit-gpt2-image-captioning"], async (run) => {
      const r = await run(picture);
      if (r.kind !== "caption") throw new Error("not a caption");
      expect(r.text).toMatch(/^[a-z][a-z ,'-]+$/);
    });
  });
});
