import type { SeededRandom } from "../random/seeded-random.js";
import type { SchedulerConfig, SchedulerName } from "./scheduler-config.js";

/** What one denoising step produced. */
export interface SchedulerStepResult {
  /** The latents to feed the next step (or to decode after the last). */
  prevSample: Float32Array;
  /** The scheduler's current estimate of the clean latents (x0). */
  predOriginalSample: Float32Array;
}

/** Inputs of {@link DiffusionScheduler.step}. */
export interface SchedulerStepParams {
  /** The UNet's output for this step (after classifier-free guidance). */
  modelOutput: Float32Array;
  /** Index into {@link DiffusionScheduler.timesteps}. */
  stepIndex: number;
  /** The current latents. */
  sample: Float32Array;
  /** Source of the fresh noise that ancestral and LCM steps add. */
  random: SeededRandom;
}

/** Parameters every scheduler is built from. */
export interface SchedulerParams {
  /** The resolved `scheduler_config.json`. */
  config: SchedulerConfig;
  /** Denoising steps the user asked for (before `strength` shortens the schedule). */
  steps: number;
  /**
   * Image-to-image: the fraction of the schedule to run, from the noisiest step that `strength`
   * reaches. 1 runs the whole schedule (text-to-image). @default 1
   */
  strength?: number;
}

/**
 * A sampler of the reverse diffusion process. Built once per generation; holds no mutable state
 * besides what its arrays say, so `step` is a pure function of its arguments.
 */
export interface DiffusionScheduler {
  readonly name: SchedulerName;
  readonly config: SchedulerConfig;
  /** The timesteps to run, in order: the values the UNet receives. */
  readonly timesteps: readonly number[];
  /** Standard deviation of the initial noise for text-to-image. */
  readonly initNoiseSigma: number;
  /** Scales the latents before the UNet sees them (σ-parameterised schedulers divide by √(σ²+1)). */
  scaleModelInput(sample: Float32Array, stepIndex: number): Float32Array;
  /** One reverse step from `timesteps[stepIndex]` to the next. */
  step(params: SchedulerStepParams): SchedulerStepResult;
  /** Noises clean latents to the level of `timesteps[stepIndex]` (image-to-image start). */
  addNoise(original: Float32Array, noise: Float32Array, stepIndex: number): Float32Array;
}

/**
 * How many of `steps` steps image-to-image runs at `strength`, as diffusers does:
 * min(⌊steps × strength⌋, steps). Zero means nothing would be denoised.
 */
export function stepsForStrength(steps: number, strength: number): number {
  return Math.min(Math.floor(steps * strength + 1e-9), steps);
}
