import { computeAlphasCumprod, predictOriginal } from "./schedule-math.js";
import type {
  DiffusionScheduler,
  SchedulerParams,
  SchedulerStepParams,
  SchedulerStepResult,
} from "./diffusion-scheduler.js";
import type { SchedulerConfig, SchedulerName } from "./scheduler-config.js";

/**
 * Latent Consistency Model multistep sampling (Luo et al. 2023, Algorithm 3), as diffusers'
 * `LCMScheduler`: the model's x0 estimate is mixed with the input through the consistency
 * boundary conditions c_skip = σ_d²/((10t)² + σ_d²), c_out = 10t/√((10t)² + σ_d²) with σ_d = 0.5,
 * then re-noised to the next (skipping) timestep of the `original_inference_steps` grid.
 */
export class LcmScheduler implements DiffusionScheduler {
  readonly name: SchedulerName = "lcm";
  readonly config: SchedulerConfig;
  readonly timesteps: readonly number[];
  readonly initNoiseSigma = 1;
  readonly #alphasCumprod: Float64Array;
  readonly #finalAlphaCumprod: number;

  constructor({ config, steps, strength = 1 }: SchedulerParams) {
    this.config = config;
    this.#alphasCumprod = computeAlphasCumprod(config);
    this.#finalAlphaCumprod = config.set_alpha_to_one ? 1 : this.#alphasCumprod[0]!;
    const originalSteps = config.original_inference_steps;
    if (steps > originalSteps) {
      throw new RangeError(
        `LCM runs at most ${originalSteps} steps (its original_inference_steps), not ${steps}.`,
      );
    }
    const k = Math.floor(config.num_train_timesteps / originalSteps);
    const grid = Array.from(
      { length: Math.floor(originalSteps * strength + 1e-9) },
      (_, i) => (i + 1) * k - 1,
    );
    if (Math.floor(grid.length / steps) < 1) {
      throw new RangeError(
        `LCM with strength ${strength} has only ${grid.length} of its ${originalSteps} timesteps to spread ${steps} steps over; lower the steps or raise the strength.`,
      );
    }
    grid.reverse();
    this.timesteps = Array.from({ length: steps }, (_, i) => grid[Math.floor((i * grid.length) / steps)]!);
  }

  scaleModelInput(sample: Float32Array): Float32Array {
    return sample;
  }

  #alphaAt(timestep: number): number {
    return timestep >= 0 ? this.#alphasCumprod[timestep]! : this.#finalAlphaCumprod;
  }

  step({ modelOutput, stepIndex, sample, random }: SchedulerStepParams): SchedulerStepResult {
    const timestep = this.timesteps[stepIndex]!;
    const isLast = stepIndex === this.timesteps.length - 1;
    const prevTimestep = isLast ? timestep : this.timesteps[stepIndex + 1]!;
    const alpha = this.#alphaAt(timestep);
    const alphaPrev = this.#alphaAt(prevTimestep);
    const scaled = timestep * this.config.timestep_scaling;
    const sigmaData2 = 0.25;
    const cSkip = sigmaData2 / (scaled * scaled + sigmaData2);
    const cOut = scaled / Math.sqrt(scaled * scaled + sigmaData2);
    const sqrtAlpha = Math.sqrt(alpha);
    const sqrtOneMinusAlpha = Math.sqrt(1 - alpha);
    const { clip_sample: clip, clip_sample_range: range, prediction_type: prediction } = this.config;
    const denoised = new Float32Array(sample.length);
    for (let i = 0; i < sample.length; i++) {
      const { x0 } = predictOriginal(prediction, modelOutput[i]!, sample[i]!, sqrtAlpha, sqrtOneMinusAlpha);
      const clipped = clip ? Math.min(Math.max(x0, -range), range) : x0;
      denoised[i] = cOut * clipped + cSkip * sample[i]!;
    }
    if (isLast) return { prevSample: denoised, predOriginalSample: denoised };
    const a = Math.sqrt(alphaPrev);
    const b = Math.sqrt(1 - alphaPrev);
    const prevSample = new Float32Array(sample.length);
    for (let i = 0; i < sample.length; i++) prevSample[i] = a * denoised[i]! + b * random.nextNormal();
    return { prevSample, predOriginalSample: denoised };
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
