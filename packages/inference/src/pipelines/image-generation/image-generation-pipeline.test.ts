import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AbortError } from "@hftool/core";
import { writeTinyDiffusionRepo } from "@hftool/test-utils";
import sharp from "sharp";
import { DiffusionParamError } from "../../diffusion/errors.js";
import { loadPipeline } from "../load-pipeline.js";
import type { Pipeline, PipelineProgress } from "../pipeline.js";
import type { ImageResult } from "../task-result.js";
import type { ImageGenerationInput } from "./image-generation-pipeline.js";

const root = mkdtempSync(join(tmpdir(), "hftool-image-generation-"));
const sd = writeTinyDiffusionRepo(join(root, "sd"));
const fp16 = writeTinyDiffusionRepo(join(root, "sd-fp16"), { dtype: "fp16", family: "sdxl" });
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function pngSize(
  png: Uint8Array,
): Promise<[string | undefined, number | undefined, number | undefined]> {
  const meta = await sharp(png).metadata();
  return [meta.format, meta.width, meta.height];
}

describe("text-to-image through loadPipeline", () => {
  let pipeline: Pipeline<ImageGenerationInput, ImageResult>;
  beforeAll(async () => {
    pipeline = (await loadPipeline({ task: "t2i", model: sd, device: "cpu" })) as unknown as Pipeline<
      ImageGenerationInput,
      ImageResult
    >;
  });
  afterAll(() => pipeline.dispose());

  it("makes every image as a PNG with its seed, reports steps, and says what ran", async () => {
    const events: PipelineProgress[] = [];
    const result = await pipeline.run("a red cat", {
      params: { seed: 3, num_images: 2, width: "48", height: 40, steps: 3, guidance_scale: 0 },
      onProgress: (p) => events.push(p),
    });
    expect(pipeline.task).toBe("text-to-image");
    expect(pipeline.dtype).toBe("fp32");
    expect(pipeline.device.device).toBe("cpu");
    expect(result.kind).toBe("image");
    expect(result.images).toHaveLength(2);
    expect(result.images!.map((i) => i.seed)).toEqual([3, 4]);
    expect(result.png).toBe(result.images![0]!.png);
    for (const image of result.images!) expect(await pngSize(image.png)).toEqual(["png", 48, 40]);
    expect(Buffer.compare(result.images![0]!.png, result.images![1]!.png)).not.toBe(0);
    expect(result.generation).toEqual({
      prompt: "a red cat",
      negative_prompt: "",
      steps: 3,
      guidance_scale: 0,
      width: 48,
      height: 40,
      seed: 3,
      num_images: 2,
      scheduler: "euler",
    });
    expect(Object.keys(result.timings!)).toEqual(["text_encoding", "denoising", "unet", "vae_decoding"]);

    const denoising = events.filter((e) => e.stage === "denoising");
    expect(denoising.map((e) => e.done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(events.map((e) => e.total))).toEqual(new Set([6]));
    expect(denoising.map((e) => e.detail)).toEqual([
      ...Array(3).fill("image 1 of 2"),
      ...Array(3).fill("image 2 of 2"),
    ]);
    expect(events[0]).toMatchObject({ stage: "encoding the prompt", done: 0, unit: "steps" });
    expect(events.some((e) => e.stage === "decoding the image")).toBe(true);
  });

  it("gives byte-identical PNGs for one seed and different ones for another", async () => {
    const make = (seed: number) => pipeline.run("a lighthouse", { params: { seed, steps: 2 } });
    const [a, b, c] = [await make(11), await make(11), await make(12)];
    expect(Buffer.compare(a.png, b.png)).toBe(0);
    expect(Buffer.compare(a.png, c.png)).not.toBe(0);
    expect(a.generation).toMatchObject({ steps: 2, guidance_scale: 7.5, width: 64, height: 64 });
  });

  it("stops between steps when aborted and stays usable", async () => {
    const controller = new AbortController();
    let steps = 0;
    const aborted = await pipeline
      .run("a cat", {
        params: { seed: 1, steps: 8 },
        signal: controller.signal,
        onProgress: (p) => {
          if (p.stage === "denoising" && ++steps === 2) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(AbortError);
    expect((aborted as AbortError).exitCode).toBe(130);
    expect(steps).toBe(2);
    expect((await pipeline.run("a cat", { params: { seed: 1, steps: 1 } })).kind).toBe("image");
  });

  it("tells a prompt longer than CLIP reads", async () => {
    const result = await pipeline.run(Array(120).fill("cat").join(" "), { params: { steps: 1 } });
    expect(result.notices).toEqual([
      expect.stringMatching(/^The prompt is \d+ tokens longer than the 77 the text encoder reads/),
    ]);
  });
});

describe("image-to-image through loadPipeline", () => {
  it("takes the image as input and the prompt from params, keeping the input's size", async () => {
    const pipeline = await loadPipeline({ task: "img2img", model: sd, device: "cpu" });
    const input = await sharp({
      create: { width: 70, height: 52, channels: 3, background: { r: 200, g: 40, b: 90 } },
    })
      .png()
      .toBuffer();
    const result = (await pipeline.run(new Uint8Array(input), {
      params: { prompt: "a watercolor", strength: 0.5, steps: 4, seed: 5 },
    })) as ImageResult;
    expect(await pngSize(result.png)).toEqual(["png", 64, 48]);
    expect(result.generation).toMatchObject({
      prompt: "a watercolor",
      strength: 0.5,
      steps: 4,
      steps_run: 2,
    });
    expect(Object.keys(result.timings!)).toContain("vae_encoding");

    const noPrompt = await pipeline.run(new Uint8Array(input), { params: {} }).catch((e: unknown) => e);
    expect(noPrompt).toBeInstanceOf(DiffusionParamError);
    expect((noPrompt as DiffusionParamError).message).toMatch(/needs a prompt/);
    await expect(
      pipeline.run(new TextEncoder().encode("not an image"), { params: { prompt: "x" } }),
    ).rejects.toMatchObject({
      code: "INPUT_NOT_IMAGE",
    });
    await pipeline.dispose();
  });

  it("runs fp16 SDXL graphs and reports their precision", async () => {
    const pipeline = await loadPipeline({ task: "t2i", model: fp16, device: "cpu" });
    expect(pipeline.dtype).toBe("fp16");
    const result = (await pipeline.run("a cat", { params: { steps: 1, seed: 2 } })) as ImageResult;
    expect(await pngSize(result.png)).toEqual(["png", 64, 64]);
    await pipeline.dispose();
  });
});
