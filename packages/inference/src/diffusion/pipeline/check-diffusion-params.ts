import type { DiffusionTask } from "../layout/read-diffusion-layout.js";
import { diffusionParamsFromRecord, type DiffusionParamValues } from "./diffusion-params-from-record.js";
import { resolveGenerationParams } from "./resolve-generation-params.js";

/** Parameters of {@link checkDiffusionParams}. */
export interface CheckDiffusionParamsParams {
  task: DiffusionTask;
  /**
   * Parameters named as on the command line, in config files and in the registry (`steps`,
   * `guidance_scale`, `negative_prompt`, `strength`, `prompt`, …). Numbers may be numeric strings.
   */
  params: Readonly<Record<string, unknown>>;
  /** The prompt when it is not in `params` (text-to-image takes it as the run's input). */
  prompt?: string;
}

/**
 * Checks generation parameters before any model is downloaded or loaded, with the same errors
 * a generation would throw (a width that is no multiple of 8, zero steps, strength outside 0-1,
 * an empty prompt, steps × strength below one step, …). Only the values given are checked: the
 * ones a model supplies are checked when it runs. Returns them parsed, with the names it does not
 * know in `ignored`.
 *
 * @throws {DiffusionParamError} naming the parameter, what is wrong, and what would work.
 */
export function checkDiffusionParams({ task, params, prompt }: CheckDiffusionParamsParams): {
  params: DiffusionParamValues;
  ignored: string[];
} {
  const parsed = diffusionParamsFromRecord(params);
  const given = parsed.params;
  const strength = given.strength;
  // Stand-ins for what the model will supply: valid, so only given values can fail, and enough
  // steps for a given strength to run one (steps × strength is checked when both are given).
  const stepsStandIn = typeof strength === "number" && strength > 0 ? Math.ceil(1 / strength) : 1;
  resolveGenerationParams({
    task,
    params: { ...given, prompt: given.prompt ?? prompt ?? "" },
    defaults: { steps: stepsStandIn, guidanceScale: 0, width: 512, height: 512, strength: 1 },
    modelScheduler: "euler",
    ...(task === "image-to-image" ? { inputSize: { width: 512, height: 512 } } : {}),
  });
  return parsed;
}
