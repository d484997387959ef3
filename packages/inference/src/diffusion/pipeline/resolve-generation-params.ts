import { randomInt } from "node:crypto";
import { DiffusionParamError } from "../errors.js";
import { MAX_SEED } from "../random/seeded-random.js";
import { stepsForStrength } from "../schedulers/diffusion-scheduler.js";
import { SCHEDULER_NAMES, type SchedulerName } from "../schedulers/scheduler-config.js";
import type { DiffusionDefaults, ImageToImageParams, ResolvedGenerationParams } from "./diffusion-types.js";

/** Largest side hftool accepts: beyond it the VAE's activations alone need tens of GB. */
export const MAX_IMAGE_SIDE = 4096;
/** Most images one call makes. */
export const MAX_IMAGES = 1000;

/** Parameters of {@link resolveGenerationParams}. */
export interface ResolveGenerationParamsParams {
  task: "text-to-image" | "image-to-image";
  params: Omit<ImageToImageParams, "image" | "onProgress" | "signal"> & { strength?: number };
  defaults: DiffusionDefaults;
  /** The scheduler the model's config names (or hftool's stand-in for it). */
  modelScheduler: SchedulerName;
  /** num_train_timesteps of the scheduler config. @default 1000 */
  trainTimesteps?: number;
  /** Image-to-image: the input's size rounded to multiples of 8, used when width/height are not given. */
  inputSize?: { width: number; height: number };
}

function isInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value);
}

/**
 * Fills a generation request from the defaults and checks every value, throwing a
 * {@link DiffusionParamError} that says which parameter is wrong, why, and what would work.
 */
export function resolveGenerationParams({
  task,
  params,
  defaults,
  modelScheduler,
  trainTimesteps = 1000,
  inputSize,
}: ResolveGenerationParamsParams): ResolvedGenerationParams {
  const { prompt } = params;
  if (typeof prompt !== "string" || prompt.trim() === "") {
    throw new DiffusionParamError(
      "prompt",
      prompt,
      "The prompt is empty: tell the model what the image should show.",
      {
        hint:
          task === "text-to-image"
            ? `hftool -t text-to-image -i "a lighthouse at dawn"`
            : `--prompt "make it a watercolor"`,
      },
    );
  }
  const negativePrompt = params.negativePrompt ?? "";
  if (typeof negativePrompt !== "string") {
    throw new DiffusionParamError("negative_prompt", negativePrompt, "negative_prompt must be text.");
  }

  const steps = params.steps ?? defaults.steps;
  if (!isInteger(steps) || steps < 1 || steps > trainTimesteps) {
    throw new DiffusionParamError(
      "steps",
      steps,
      `steps must be a whole number from 1 to ${trainTimesteps}, got ${String(steps)}.`,
      {
        hint: "Turbo models need 1-4 steps; other Stable Diffusion models 20-50.",
      },
    );
  }
  const guidanceScale = params.guidanceScale ?? defaults.guidanceScale;
  if (typeof guidanceScale !== "number" || !Number.isFinite(guidanceScale) || guidanceScale < 0) {
    throw new DiffusionParamError(
      "guidance_scale",
      guidanceScale,
      `guidance_scale must be a number ≥ 0, got ${String(guidanceScale)}.`,
      {
        hint: "0 (or anything ≤ 1) turns guidance off, as Turbo models want; 5-8 suits other models.",
      },
    );
  }

  const side = (name: "width" | "height", given: number | undefined, fallback: number) => {
    const value = given ?? fallback;
    if (!isInteger(value) || value < 8 || value % 8 !== 0 || value > MAX_IMAGE_SIDE) {
      const below = isInteger(value) ? Math.max(8, value - (value % 8)) : undefined;
      throw new DiffusionParamError(
        name,
        value,
        `${name} must be a multiple of 8 from 8 to ${MAX_IMAGE_SIDE} pixels, got ${String(value)}: the VAE works on 8×8 pixel blocks.`,
        {
          hint:
            below !== undefined && below !== value
              ? `Try --${name} ${Math.min(below, MAX_IMAGE_SIDE)}.`
              : `Try --${name} 512.`,
        },
      );
    }
    return value;
  };
  const width = side("width", params.width, inputSize?.width ?? defaults.width);
  const height = side("height", params.height, inputSize?.height ?? defaults.height);

  const numImages = params.numImages ?? 1;
  if (!isInteger(numImages) || numImages < 1 || numImages > MAX_IMAGES) {
    throw new DiffusionParamError(
      "num_images",
      numImages,
      `num_images must be a whole number from 1 to ${MAX_IMAGES}, got ${String(numImages)}.`,
    );
  }

  const seed = params.seed ?? randomInt(0, 2 ** 32);
  if (!isInteger(seed) || seed < 0 || seed + numImages - 1 > MAX_SEED) {
    throw new DiffusionParamError(
      "seed",
      seed,
      `seed must be a whole number from 0 to ${MAX_SEED}, got ${String(seed)}.`,
    );
  }

  const scheduler = params.scheduler ?? modelScheduler;
  if (!SCHEDULER_NAMES.includes(scheduler)) {
    throw new DiffusionParamError("scheduler", scheduler, `Unknown scheduler '${String(scheduler)}'.`, {
      hint: `Choose one of: ${SCHEDULER_NAMES.join(", ")}.`,
    });
  }

  let strength: number | undefined;
  if (task === "image-to-image") {
    strength = params.strength ?? defaults.strength;
    if (typeof strength !== "number" || !Number.isFinite(strength) || strength < 0 || strength > 1) {
      throw new DiffusionParamError(
        "strength",
        strength,
        `strength must be between 0 and 1, got ${String(strength)}.`,
        {
          hint: "0.3 keeps most of the input, 0.8 changes most of it.",
        },
      );
    }
    if (stepsForStrength(steps, strength) < 1) {
      throw new DiffusionParamError(
        "strength",
        strength,
        `With ${steps} step${steps === 1 ? "" : "s"} and strength ${strength}, no denoising step would run (steps × strength must be at least 1).`,
        {
          hint: `Raise --steps to ${Math.ceil(1 / Math.max(strength, 0.01))} or --strength to ${Math.min(1, Math.ceil((1 / steps) * 100) / 100)}.`,
        },
      );
    }
  }
  return {
    task,
    prompt,
    negativePrompt,
    steps,
    guidanceScale,
    width,
    height,
    seed,
    numImages,
    strength,
    scheduler,
  };
}
