import { DiffusionParamError } from "../errors.js";
import { SCHEDULER_NAMES, type SchedulerName } from "../schedulers/scheduler-config.js";
import type { ImageToImageParams } from "./diffusion-types.js";

/** Generation parameters without the callbacks and the input image. */
export type DiffusionParamValues = Partial<Omit<ImageToImageParams, "image" | "onProgress" | "signal">>;

const KEYS: Readonly<
  Record<string, { key: keyof DiffusionParamValues; type: "string" | "number" | "integer" }>
> = {
  prompt: { key: "prompt", type: "string" },
  negative_prompt: { key: "negativePrompt", type: "string" },
  steps: { key: "steps", type: "integer" },
  num_inference_steps: { key: "steps", type: "integer" },
  guidance_scale: { key: "guidanceScale", type: "number" },
  guidance: { key: "guidanceScale", type: "number" },
  width: { key: "width", type: "integer" },
  height: { key: "height", type: "integer" },
  seed: { key: "seed", type: "integer" },
  num_images: { key: "numImages", type: "integer" },
  num_images_per_prompt: { key: "numImages", type: "integer" },
  strength: { key: "strength", type: "number" },
  scheduler: { key: "scheduler", type: "string" },
};

/**
 * Turns parameters named as on the command line, in config files and in the model registry
 * (`negative_prompt`, `guidance_scale`, `num_images`, … and diffusers' `num_inference_steps`)
 * into the options of `textToImage` / `imageToImage`. Numbers given as numeric strings are
 * accepted; anything else of the wrong type throws a {@link DiffusionParamError}. Keys it does not
 * know come back in `ignored`, for the caller to warn about.
 */
export function diffusionParamsFromRecord(record: Readonly<Record<string, unknown>>): {
  params: DiffusionParamValues;
  ignored: string[];
} {
  const params: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [name, raw] of Object.entries(record)) {
    if (raw === undefined || raw === null) continue;
    const spec =
      KEYS[name] ??
      KEYS[name.replace(/-/g, "_")] ??
      KEYS[name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
    if (!spec) {
      ignored.push(name);
      continue;
    }
    if (spec.type === "string") {
      if (typeof raw !== "string")
        throw new DiffusionParamError(name, raw, `${name} must be text, got ${JSON.stringify(raw)}.`);
      if (spec.key === "scheduler" && !SCHEDULER_NAMES.includes(raw as SchedulerName)) {
        throw new DiffusionParamError(name, raw, `Unknown scheduler '${raw}'.`, {
          hint: `Choose one of: ${SCHEDULER_NAMES.join(", ")}.`,
        });
      }
      params[spec.key] = raw;
      continue;
    }
    const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
    if (
      typeof value !== "number" ||
      !Number.isFinite(value) ||
      (spec.type === "integer" && !Number.isInteger(value))
    ) {
      throw new DiffusionParamError(
        name,
        raw,
        `${name} must be ${spec.type === "integer" ? "a whole number" : "a number"}, got ${JSON.stringify(raw)}.`,
      );
    }
    params[spec.key] = value;
  }
  return { params: params as DiffusionParamValues, ignored };
}
