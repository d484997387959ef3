import { computeAlphasCumprod, predictOriginal, spacedTimesteps } from "./schedule-math.js";
import {
  stepsForStrength,
  type DiffusionScheduler,
  type SchedulerParams,
  type SchedulerStepParams,
  type SchedulerStepResult,
} from "./diffusion-scheduler.js";
import type { SchedulerConfig, SchedulerName } from "./scheduler-config.js";

/**
 * Deterministic DDIM sampling (Song et al. 2021, eq. 12 with η = 0):
 * x_prev = √ᾱ_prev · x0 + √(1 − ᾱ_prev) · ε, stepping T/n training steps at a time.
 */
export class DdimScheduler implements DiffusionScheduler {
  readonly name: SchedulerName = "ddim";
  readonly config: SchedulerConfig;
  readonly timesteps: readonly number[];
  readonly initNoiseSigma = 1;
  readonly #alphasCumprod: Float64Array;
  readonly #finalAlphaCumprod: number;
  readonly #stepRatio: number;

  constructor({ config, steps, strength = 1 }: SchedulerParams) {
    this.config = config;
    this.#alphasCumprod = computeAlphasCumprod(config);
    this.#finalAlphaCumprod = config.set_alpha_to_one ? 1 : this.#alphasCumprod[0]!;
    this.#stepRatio = Math.floor(config.num_train_timesteps / steps);
    const timesteps = spacedTimesteps(
      config.timestep_spacing,
      config.num_train_timesteps,
      steps,
      config.steps_offset,
      true,
    ).map((t) => Math.min(t, config.num_train_timesteps - 1));
    this.timesteps = timesteps.slice(steps - stepsForStrength(steps, strength));
  }

  scaleModelInput(sample: Float32Array): Float32Array {
    return sample;
  }

  #alphaAt(timestep: number): number {
    return timestep >= 0 ? this.#alphasCumprod[timestep]! : this.#finalAlphaCumprod;
  }

  step({ modelOutput, stepIndex, sample }: SchedulerStepParams): SchedulerStepResult {
    const timestep = this.timesteps[stepIndex]!;
    const alpha = this.#alphaAt(timestep);
    const alphaPrev = this.#alphaAt(timestep - this.#stepRatio);
    const sqrtAlpha = Math.sqrt(alpha);
    const sqrtOneMinusAlpha = Math.sqrt(1 - alpha);
    const sqrtAlphaPrev = Math.sqrt(alphaPrev);
    const direction = Math.sqrt(1 - alphaPrev);
    const { clip_sample: clip, clip_sample_range: range, prediction_type: prediction } = this.config;
    const prevSample = new Float32Array(sample.length);
    const predOriginalSample = new Float32Array(sample.length);
    for (let i = 0; i < sample.length; i++) {
      const predicted = predictOriginal(
        prediction,
        modelOutput[i]!,
        sample[i]!,
        sqrtAlpha,
        sqrtOneMinusAlpha,
      );
      const x0 = clip ? Math.min(Math.max(predicted.x0, -range), range) : predicted.x0;
      predOriginalSample[i] = x0;
      prevSample[i] = sqrtAlphaPrev * x0 + direction * predicted.epsilon;
    }
    return { prevSample, predOriginalSample };
  }

  addNoise(original: Float32Array, noise: Float32Array, stepIndex: number): Float32Array {
    const alpha = this.#alphaAt(this.timesteps[stepIndex]!);
    const a = Math.sqrt(alpha);
    const b = Math.sqrt(1 - alpha);
    const out = new Float32Array(original.length);
    for (let i = 0; i < original.length; i++) out[i] = a * original[i]! + b * noise[i]!;
    return out;
  }
}
