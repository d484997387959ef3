import { computeAlphasCumprod, interpolate, linspace, spacedTimesteps } from "./schedule-math.js";
import {
  stepsForStrength,
  type DiffusionScheduler,
  type SchedulerParams,
  type SchedulerStepParams,
  type SchedulerStepResult,
} from "./diffusion-scheduler.js";
import type { SchedulerConfig, SchedulerName } from "./scheduler-config.js";

/** Karras et al. 2022 ("Elucidating the design space…", eq. 5) noise levels with ρ = 7. */
function karrasSigmas(sigmaMax: number, sigmaMin: number, count: number): number[] {
  const rho = 7;
  const maxInv = sigmaMax ** (1 / rho);
  const minInv = sigmaMin ** (1 / rho);
  return linspace(0, 1, count).map((ramp) => (maxInv + ramp * (minInv - maxInv)) ** rho);
}

/** The (fractional) training timestep whose σ is `sigma`, interpolating log σ linearly. */
function sigmaToTimestep(sigma: number, logSigmas: Float64Array): number {
  const logSigma = Math.log(Math.max(sigma, 1e-10));
  let low = 0;
  for (let i = 0; i < logSigmas.length; i++) if (logSigma >= logSigmas[i]!) low = i;
  low = Math.min(low, logSigmas.length - 2);
  const lowValue = logSigmas[low]!;
  const highValue = logSigmas[low + 1]!;
  const w = Math.min(Math.max((lowValue - logSigma) / (lowValue - highValue), 0), 1);
  return (1 - w) * low + w * (low + 1);
}

/**
 * The σ-parameterised sampler of Karras et al. 2022 (Algorithm 2 without churn), as diffusers'
 * `EulerDiscreteScheduler`: x is noised as x0 + σ·ε, σ_t = √((1 − ᾱ_t)/ᾱ_t), and each step moves
 * along d = (x − x0)/σ to the next σ.
 */
export class EulerDiscreteScheduler implements DiffusionScheduler {
  readonly name: SchedulerName = "euler";
  readonly config: SchedulerConfig;
  readonly timesteps: readonly number[];
  /** σ for each timestep, then the final σ (0, or σ_min with `final_sigmas_type: "sigma_min"`). */
  readonly sigmas: readonly number[];
  readonly initNoiseSigma: number;

  constructor({ config, steps, strength = 1 }: SchedulerParams) {
    this.config = config;
    const alphasCumprod = computeAlphasCumprod(config);
    const trainSigmas = alphasCumprod.map((a) => Math.sqrt((1 - a) / a));
    let timesteps = spacedTimesteps(
      config.timestep_spacing,
      config.num_train_timesteps,
      steps,
      config.steps_offset,
      false,
    );
    let sigmas = timesteps.map((t) => interpolate(trainSigmas, t));
    if (config.use_karras_sigmas) {
      const logSigmas = trainSigmas.map(Math.log);
      sigmas = karrasSigmas(sigmas[0]!, sigmas[sigmas.length - 1]!, steps);
      timesteps = sigmas.map((s) => sigmaToTimestep(s, logSigmas));
    }
    if (config.timestep_type === "continuous" && config.prediction_type === "v_prediction") {
      timesteps = sigmas.map((s) => 0.25 * Math.log(s));
    }
    const finalSigma = config.final_sigmas_type === "sigma_min" ? trainSigmas[0]! : 0;
    const allSigmas = [...sigmas, finalSigma];
    const maxSigma = Math.max(...allSigmas);
    // Trailing and linspace schedules start at the top of the training range, where σ ≫ 1.
    this.initNoiseSigma =
      config.timestep_spacing === "linspace" || config.timestep_spacing === "trailing"
        ? maxSigma
        : Math.sqrt(maxSigma * maxSigma + 1);
    const start = steps - stepsForStrength(steps, strength);
    this.timesteps = timesteps.slice(start);
    this.sigmas = allSigmas.slice(start);
  }

  scaleModelInput(sample: Float32Array, stepIndex: number): Float32Array {
    const sigma = this.sigmas[stepIndex]!;
    const scale = 1 / Math.sqrt(sigma * sigma + 1);
    const out = new Float32Array(sample.length);
    for (let i = 0; i < sample.length; i++) out[i] = sample[i]! * scale;
    return out;
  }

  /** x0 estimate for one element, per `prediction_type`. */
  protected originalSample(modelOutput: number, sample: number, sigma: number): number {
    switch (this.config.prediction_type) {
      case "epsilon":
        return sample - sigma * modelOutput;
      case "v_prediction":
        return modelOutput * (-sigma / Math.sqrt(sigma * sigma + 1)) + sample / (sigma * sigma + 1);
      case "sample":
        return modelOutput;
    }
  }

  step({ modelOutput, stepIndex, sample }: SchedulerStepParams): SchedulerStepResult {
    const sigma = this.sigmas[stepIndex]!;
    const dt = this.sigmas[stepIndex + 1]! - sigma;
    const prevSample = new Float32Array(sample.length);
    const predOriginalSample = new Float32Array(sample.length);
    for (let i = 0; i < sample.length; i++) {
      const x = sample[i]!;
      const x0 = this.originalSample(modelOutput[i]!, x, sigma);
      predOriginalSample[i] = x0;
      prevSample[i] = x + ((x - x0) / sigma) * dt;
    }
    return { prevSample, predOriginalSample };
  }

  addNoise(original: Float32Array, noise: Float32Array, stepIndex: number): Float32Array {
    const sigma = this.sigmas[stepIndex]!;
    const out = new Float32Array(original.length);
    for (let i = 0; i < original.length; i++) out[i] = original[i]! + noise[i]! * sigma;
    return out;
  }
}
