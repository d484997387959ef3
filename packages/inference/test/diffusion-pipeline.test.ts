import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { writeTinyDiffusionRepo, type TinyDiffusionRepoOptions } from "@hftool/test-utils";
import sharp from "sharp";
import {
  encodePng,
  loadDiffusionPipeline,
  type DiffusionPipeline,
  type DiffusionProgressEvent,
  type GeneratedImage,
} from "../src/index.js";

const root = mkdtempSync(join(tmpdir(), "hftool-diffusion-"));
let counter = 0;
function repo(options: TinyDiffusionRepoOptions = {}): string {
  return writeTinyDiffusionRepo(join(root, `repo-${counter++}`), options);
}
afterAll(() => rmSync(root, { recursive: true, force: true }));

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** A 64×64 PNG: a red-to-blue gradient with a green square, to start image-to-image from. */
async function testImage(width = 64, height = 64): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = Math.round((255 * x) / (width - 1));
      data[i + 1] = x > width / 4 && x < width / 2 && y > height / 4 && y < height / 2 ? 220 : 30;
      data[i + 2] = Math.round((255 * y) / (height - 1));
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

function expectValidImage(image: GeneratedImage, width: number, height: number): void {
  expect(image.width).toBe(width);
  expect(image.height).toBe(height);
  expect(image.channels).toBe(3);
  expect(image.data).toHaveLength(width * height * 3);
  // Not a flat colour: the pipeline produced structure from noise.
  expect(new Set(image.data).size).toBeGreaterThan(16);
}

describe("text-to-image on a tiny Stable Diffusion repo", () => {
  let pipeline: DiffusionPipeline;
  beforeAll(async () => {
    pipeline = await loadDiffusionPipeline({ modelDir: repo() });
  });
  afterAll(() => pipeline.dispose());

  it("makes an image of the model's native size from the model's own defaults", async () => {
    expect(pipeline.defaults).toMatchObject({ width: 64, height: 64, steps: 30, guidanceScale: 7.5 });
    expect(pipeline.modelScheduler).toBe("euler");
    const result = await pipeline.textToImage({ prompt: "a red cat", seed: 1, steps: 2 });
    expect(result.images).toHaveLength(1);
    expectValidImage(result.images[0]!, 64, 64);
    expect(result.params).toMatchObject({
      task: "text-to-image",
      steps: 2,
      guidanceScale: 7.5,
      seed: 1,
      scheduler: "euler",
    });
    expect(result.stepsRun).toBe(2);
    expect(result.timings.totalMs).toBeGreaterThan(0);
    const png = await encodePng({ image: result.images[0]! });
    const decoded = await sharp(png).metadata();
    expect([decoded.format, decoded.width, decoded.height]).toEqual(["png", 64, 64]);
  });

  it("gives identical pixels and PNG bytes for one seed and different ones for another", async () => {
    const run = (seed: number) =>
      pipeline.textToImage({ prompt: "hello cat", seed, steps: 3, width: 48, height: 40 });
    const [a, b, c] = await Promise.all([run(42), run(42), run(43)]);
    expectValidImage(a.images[0]!, 48, 40);
    expect(Buffer.from(a.images[0]!.data)).toEqual(Buffer.from(b.images[0]!.data));
    expect(await encodePng({ image: a.images[0]! })).toEqual(await encodePng({ image: b.images[0]! }));
    expect(meanAbsDiff(a.images[0]!.data, c.images[0]!.data)).toBeGreaterThan(1);
  });

  it("makes a batch whose image k is what seed + k makes alone", async () => {
    const batch = await pipeline.textToImage({ prompt: "one cat", seed: 7, numImages: 3, steps: 2 });
    expect(batch.images.map((image) => image.seed)).toEqual([7, 8, 9]);
    const alone = await pipeline.textToImage({ prompt: "one cat", seed: 9, steps: 2 });
    expect(Buffer.from(batch.images[2]!.data)).toEqual(Buffer.from(alone.images[0]!.data));
  });

  it("conditions on the prompt, and on the negative prompt only with guidance on", async () => {
    const make = (extra: object) => pipeline.textToImage({ prompt: "red", seed: 5, steps: 2, ...extra });
    const [red, cat] = await Promise.all([make({}), make({ prompt: "cat" })]);
    expect(meanAbsDiff(red.images[0]!.data, cat.images[0]!.data)).toBeGreaterThan(0.5);
    const [guided, guidedNegative, unguided, unguidedNegative] = await Promise.all([
      make({ guidanceScale: 7 }),
      make({ guidanceScale: 7, negativePrompt: "hello" }),
      make({ guidanceScale: 0 }),
      make({ guidanceScale: 0, negativePrompt: "hello" }),
    ]);
    expect(meanAbsDiff(guided.images[0]!.data, guidedNegative.images[0]!.data)).toBeGreaterThan(0.5);
    expect(Buffer.from(unguided.images[0]!.data)).toEqual(Buffer.from(unguidedNegative.images[0]!.data));
    expect(meanAbsDiff(guided.images[0]!.data, unguided.images[0]!.data)).toBeGreaterThan(0.5);
  });

  it("reports progress after every denoising step", async () => {
    const events: DiffusionProgressEvent[] = [];
    await pipeline.textToImage({
      prompt: "cat",
      seed: 1,
      steps: 3,
      numImages: 2,
      onProgress: (e) => events.push(e),
    });
    const steps = events.filter((e) => e.phase === "denoising");
    expect(steps.map((e) => [e.image, e.step, e.completed])).toEqual([
      [0, 1, 1],
      [0, 2, 2],
      [0, 3, 3],
      [1, 1, 4],
      [1, 2, 5],
      [1, 3, 6],
    ]);
    expect(steps.every((e) => e.total === 6 && e.steps === 3 && e.images === 2)).toBe(true);
    expect(events.map((e) => e.phase)).toEqual([
      "text-encoding",
      "denoising",
      "denoising",
      "denoising",
      "vae-decoding",
      "denoising",
      "denoising",
      "denoising",
      "vae-decoding",
    ]);
  });

  it("stops between steps when aborted, and generates again afterwards", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = pipeline.textToImage({
      prompt: "cat",
      seed: 1,
      steps: 5,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase === "denoising") {
          seen.push(e.step);
          if (e.step === 2) controller.abort();
        }
      },
    });
    await expect(run).rejects.toMatchObject({ code: "ABORTED", exitCode: 130 });
    expect(seen).toEqual([1, 2]);
    const again = await pipeline.textToImage({ prompt: "cat", seed: 1, steps: 1 });
    expectValidImage(again.images[0]!, 64, 64);
  });

  it.each(["euler-ancestral", "ddim", "lcm"] as const)(
    "runs with the %s scheduler instead of the model's",
    async (scheduler) => {
      const [base, other] = await Promise.all([
        pipeline.textToImage({ prompt: "cat", seed: 3, steps: 4 }),
        pipeline.textToImage({ prompt: "cat", seed: 3, steps: 4, scheduler }),
      ]);
      expect(other.params.scheduler).toBe(scheduler);
      expectValidImage(other.images[0]!, 64, 64);
      expect(meanAbsDiff(base.images[0]!.data, other.images[0]!.data)).toBeGreaterThan(0.5);
    },
  );
});

describe("model variants", () => {
  async function render(options: TinyDiffusionRepoOptions, extra: object = {}): Promise<GeneratedImage> {
    const pipeline = await loadDiffusionPipeline({ modelDir: repo(options) });
    try {
      const result = await pipeline.textToImage({
        prompt: "hello red cat",
        seed: 11,
        steps: 2,
        guidanceScale: 5,
        ...extra,
      });
      return result.images[0]!;
    } finally {
      await pipeline.dispose();
    }
  }

  it.each<[string, TinyDiffusionRepoOptions]>([
    ["fp16 graphs", { dtype: "fp16" }],
    ["a float [batch] timestep and int32 input_ids (Olive)", { timestep: "float-batch", inputIds: "int32" }],
    ["an int64 [steps] timestep (older Optimum)", { timestep: "int64-batch" }],
    ["fp16 with a float16 [batch] timestep", { dtype: "fp16", timestep: "float-batch", inputIds: "int32" }],
  ])("casts inputs to what each session expects: %s", async (_, options) => {
    const reference = await render({});
    const variant = await render(options);
    expectValidImage(variant, 64, 64);
    // Same weights, other I/O types: only rounding may differ (fp16 keeps ~3 significant digits).
    expect(meanAbsDiff(reference.data, variant.data)).toBeLessThan(2);
  });

  it("runs SDXL (two text encoders, text_embeds, time_ids) in fp32 and fp16 alike", async () => {
    const fp32 = await render({ family: "sdxl" });
    const fp16 = await render({ family: "sdxl", dtype: "fp16" });
    expectValidImage(fp32, 64, 64);
    expect(meanAbsDiff(fp32.data, fp16.data)).toBeLessThan(2);
    // SDXL conditions on the image size through time_ids.
    const larger = await render({ family: "sdxl" }, { width: 64, height: 72 });
    expectValidImage(larger, 64, 72);
  });

  it("uses the SDXL scheduler config (Euler ancestral) and zero negative embeddings for an empty negative prompt", async () => {
    const pipeline = await loadDiffusionPipeline({ modelDir: repo({ family: "sdxl" }) });
    try {
      expect(pipeline.modelScheduler).toBe("euler-ancestral");
      expect(pipeline.layout.family).toBe("sdxl");
      const [empty, negative] = await Promise.all([
        pipeline.textToImage({ prompt: "cat", seed: 2, steps: 2, guidanceScale: 6 }),
        pipeline.textToImage({ prompt: "cat", seed: 2, steps: 2, guidanceScale: 6, negativePrompt: "red" }),
      ]);
      expect(meanAbsDiff(empty.images[0]!.data, negative.images[0]!.data)).toBeGreaterThan(0.5);
    } finally {
      await pipeline.dispose();
    }
  });

  it("runs guidance as two UNet calls when the graph has a fixed batch of 1, with the same result", async () => {
    const batched = await render({});
    const separate = await render({ staticBatch: true });
    expect(meanAbsDiff(batched.data, separate.data)).toBeLessThan(0.5);
  });

  it("feeds LCM-distilled UNets their guidance embedding (timestep_cond) instead of running guidance", async () => {
    const pipeline = await loadDiffusionPipeline({ modelDir: repo({ timestepCond: 16, staticBatch: true }) });
    try {
      expect(pipeline.modelScheduler).toBe("lcm");
      expect(pipeline.defaults).toMatchObject({ steps: 4, guidanceScale: 8 });
      // A static batch of 1 would reject the [uncond, cond] batch: guidance must not be batched here.
      const [strong, weak] = await Promise.all([
        pipeline.textToImage({ prompt: "cat", seed: 1 }),
        pipeline.textToImage({ prompt: "cat", seed: 1, guidanceScale: 2 }),
      ]);
      expectValidImage(strong.images[0]!, 64, 64);
      expect(strong.params.scheduler).toBe("lcm");
      expect(meanAbsDiff(strong.images[0]!.data, weak.images[0]!.data)).toBeGreaterThan(0.5);
    } finally {
      await pipeline.dispose();
    }
  });

  it("takes Turbo defaults from the model's name and registry defaults from the caller", async () => {
    const dir = join(root, "models--test--tiny-sd-turbo");
    writeTinyDiffusionRepo(dir);
    const turbo = await loadDiffusionPipeline({ modelDir: dir });
    expect(turbo.defaults).toMatchObject({ steps: 1, guidanceScale: 0 });
    const result = await turbo.textToImage({ prompt: "cat", seed: 1 });
    expect(result.params).toMatchObject({ steps: 1, guidanceScale: 0, width: 64, height: 64 });
    await turbo.dispose();
    const configured = await loadDiffusionPipeline({ modelDir: dir, defaults: { steps: 3, width: 32 } });
    expect(configured.defaults).toMatchObject({ steps: 3, width: 32, height: 64 });
    await configured.dispose();
  });
});

describe("image-to-image", () => {
  let pipeline: DiffusionPipeline;
  let input: Buffer;
  beforeAll(async () => {
    pipeline = await loadDiffusionPipeline({
      modelDir: repo(),
      task: "image-to-image",
      defaults: { guidanceScale: 0 },
    });
    input = await testImage();
  });
  afterAll(() => pipeline.dispose());

  it("keeps the input's size, rounded down to multiples of 8", async () => {
    const result = await pipeline.imageToImage({
      prompt: "cat",
      image: await testImage(70, 53),
      seed: 1,
      steps: 4,
      strength: 0.5,
    });
    expectValidImage(result.images[0]!, 64, 48);
    expect(result.stepsRun).toBe(2);
    expect(result.params.strength).toBe(0.5);
  });

  it("changes the image more as strength grows", async () => {
    const original = new Uint8Array(await sharp(input).raw().toBuffer());
    const distance = async (strength: number) => {
      const result = await pipeline.imageToImage({
        prompt: "cat",
        image: input,
        seed: 4,
        steps: 10,
        strength,
      });
      return meanAbsDiff(original, result.images[0]!.data);
    };
    const low = await distance(0.2);
    const middle = await distance(0.6);
    const high = await distance(1);
    expect(low).toBeLessThan(middle);
    expect(middle).toBeLessThan(high);
    // The tiny UNet pulls latents towards zero (grey), so even low strength costs some fidelity;
    // still, the full schedule must land clearly further away.
    expect(high - low).toBeGreaterThan(10);
  });

  it("is deterministic per seed and accepts a path, encoded bytes or raw pixels", async () => {
    const file = join(root, "input.png");
    writeFileSync(file, input);
    const raw = await sharp(input).raw().toBuffer({ resolveWithObject: true });
    const make = (image: Parameters<DiffusionPipeline["imageToImage"]>[0]["image"]) =>
      pipeline.imageToImage({ prompt: "cat", image, seed: 9, steps: 4, strength: 0.5 });
    const [fromFile, fromBytes, fromRaw] = await Promise.all([
      make(file),
      make(input),
      make({ data: raw.data, width: raw.info.width, height: raw.info.height, channels: 3 }),
    ]);
    expect(Buffer.from(fromFile.images[0]!.data)).toEqual(Buffer.from(fromBytes.images[0]!.data));
    expect(Buffer.from(fromFile.images[0]!.data)).toEqual(Buffer.from(fromRaw.images[0]!.data));
  });

  it.each<[string, TinyDiffusionRepoOptions]>([
    ["a latent_sample encoder (Olive)", { vaeEncoderOutput: "latent_sample" }],
    ["fp16 graphs", { dtype: "fp16" }],
    ["SDXL", { family: "sdxl" }],
  ])("works with %s", async (_, options) => {
    const other = await loadDiffusionPipeline({ modelDir: repo(options) });
    try {
      expect(other.dtype).toBe(options.dtype ?? "fp32");
      const result = await other.imageToImage({
        prompt: "cat",
        image: input,
        seed: 1,
        steps: 2,
        strength: 0.5,
        guidanceScale: 0,
      });
      expectValidImage(result.images[0]!, 64, 64);
    } finally {
      await other.dispose();
    }
  });
});

describe("bad input", () => {
  let pipeline: DiffusionPipeline;
  beforeAll(async () => {
    pipeline = await loadDiffusionPipeline({ modelDir: repo() });
  });
  afterAll(() => pipeline.dispose());

  it.each<[string, object, string, RegExp]>([
    ["a width that is no multiple of 8", { width: 100 }, "width", /multiple of 8.*got 100/],
    ["a height that is no multiple of 8", { height: 63 }, "height", /multiple of 8/],
    ["a zero width", { width: 0 }, "width", /multiple of 8/],
    ["zero steps", { steps: 0 }, "steps", /from 1 to 1000, got 0/],
    ["fractional steps", { steps: 2.5 }, "steps", /whole number/],
    ["negative guidance", { guidanceScale: -1 }, "guidance_scale", /≥ 0/],
    ["an empty prompt", { prompt: "  " }, "prompt", /prompt is empty/],
    ["a negative seed", { seed: -3 }, "seed", /seed/],
    ["zero images", { numImages: 0 }, "num_images", /num_images/],
    ["an unknown scheduler", { scheduler: "pndm" }, "scheduler", /Unknown scheduler 'pndm'/],
    ["more LCM steps than its grid", { scheduler: "lcm", steps: 60 }, "steps", /at most 50 steps/],
  ])("rejects %s", async (_, params, param, message) => {
    await expect(pipeline.textToImage({ prompt: "cat", seed: 1, steps: 1, ...params })).rejects.toMatchObject(
      {
        code: "DIFFUSION_PARAM_INVALID",
        param,
        exitCode: 2,
        message: expect.stringMatching(message),
      },
    );
  });

  it.each<[string, object, RegExp]>([
    ["strength above 1", { strength: 1.5 }, /between 0 and 1, got 1.5/],
    ["negative strength", { strength: -0.1 }, /between 0 and 1/],
    ["strength × steps below one step", { strength: 0.2, steps: 2 }, /no denoising step would run/],
  ])("rejects %s for image-to-image", async (_, params, message) => {
    const error = await pipeline
      .imageToImage({ prompt: "cat", image: await testImage(), seed: 1, steps: 4, ...params })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "DIFFUSION_PARAM_INVALID",
      param: "strength",
      message: expect.stringMatching(message),
    });
    expect((error as { hint?: string }).hint).toBeTruthy();
  });

  it("rejects a non-image input and a missing file", async () => {
    const text = join(root, "notes.png");
    writeFileSync(text, "this is not a picture\n");
    await expect(pipeline.imageToImage({ prompt: "cat", image: text, steps: 2 })).rejects.toMatchObject({
      code: "INPUT_NOT_IMAGE",
      message: expect.stringContaining("notes.png is not an image"),
    });
    await expect(
      pipeline.imageToImage({ prompt: "cat", image: join(root, "missing.png"), steps: 2 }),
    ).rejects.toMatchObject({
      code: "INPUT_NOT_FOUND",
    });
    await expect(
      pipeline.imageToImage({ prompt: "cat", image: new Uint8Array([1, 2, 3]), steps: 2 }),
    ).rejects.toMatchObject({
      code: "INPUT_NOT_IMAGE",
    });
  });

  it("refuses a disposed pipeline", async () => {
    const other = await loadDiffusionPipeline({ modelDir: repo() });
    await other.dispose();
    await expect(other.textToImage({ prompt: "cat" })).rejects.toThrow(/disposed/);
  });
});

describe("a repo missing a component", () => {
  it.each<[TinyDiffusionRepoOptions["omit"], "sd" | "sdxl", string, RegExp]>([
    [["unet"], "sd", "unet", /no unet\/model\.onnx: the UNet/],
    [["vae_decoder"], "sd", "vae_decoder", /VAE decoder/],
    [["text_encoder"], "sd", "text_encoder", /CLIP text encoder/],
    [["text_encoder_2"], "sdxl", "text_encoder_2", /second text encoder/],
    [["tokenizer"], "sd", "tokenizer", /tokenizer\/ folder/],
    [["tokenizer_2"], "sdxl", "tokenizer_2", /tokenizer_2\/ folder/],
    [["scheduler"], "sd", "scheduler", /scheduler_config\.json/],
  ])("names %s and says what to do", async (omit, family, component, message) => {
    await expect(loadDiffusionPipeline({ modelDir: repo({ omit, family }) })).rejects.toMatchObject({
      code: "DIFFUSION_COMPONENT_MISSING",
      component,
      message: expect.stringMatching(message),
      hint: expect.stringMatching(/.+/),
    });
  });

  it("refuses image-to-image without a VAE encoder, up front or on the first call", async () => {
    const dir = repo({ omit: ["vae_encoder"] });
    await expect(loadDiffusionPipeline({ modelDir: dir, task: "image-to-image" })).rejects.toMatchObject({
      component: "vae_encoder",
      hint: expect.stringContaining("text-to-image"),
    });
    const textOnly = await loadDiffusionPipeline({ modelDir: dir });
    try {
      await expect(
        textOnly.imageToImage({ prompt: "cat", image: await testImage(), steps: 2 }),
      ).rejects.toMatchObject({
        code: "DIFFUSION_COMPONENT_MISSING",
        component: "vae_encoder",
      });
    } finally {
      await textOnly.dispose();
    }
  });

  it("explains a folder that is no pipeline, a missing folder and a PyTorch-only repo", async () => {
    const empty = mkdtempSync(join(root, "empty-"));
    await expect(loadDiffusionPipeline({ modelDir: empty })).rejects.toMatchObject({
      code: "DIFFUSION_NOT_A_PIPELINE",
    });
    await expect(loadDiffusionPipeline({ modelDir: join(root, "nope") })).rejects.toMatchObject({
      code: "DIFFUSION_MODEL_NOT_FOUND",
    });
    const pytorch = repo({ omit: ["unet"] });
    mkdirSync(join(pytorch, "unet"));
    writeFileSync(join(pytorch, "unet", "diffusion_pytorch_model.safetensors"), "");
    await expect(loadDiffusionPipeline({ modelDir: pytorch })).rejects.toMatchObject({
      message: expect.stringContaining("PyTorch weights but no ONNX file for unet"),
      hint: expect.stringContaining("optimum-cli export onnx"),
    });
  });

  it("reports a damaged graph as unloadable, naming it", async () => {
    const dir = repo();
    writeFileSync(join(dir, "unet", "model.onnx"), "truncated");
    await expect(loadDiffusionPipeline({ modelDir: dir })).rejects.toMatchObject({
      code: "DIFFUSION_COMPONENT_UNLOADABLE",
      component: "unet",
      hint: expect.stringContaining("--force"),
    });
  });
});
