import type { SchedulerConfig, TimestepSpacing } from "./scheduler-config.js";

/** numpy's `round`: halves go to the even neighbour (np.round(62.5) === 62). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** `np.linspace(start, stop, count)` (endpoint included). */
export function linspace(start: number, stop: number, count: number): number[] {
  if (count === 1) return [start];
  const step = (stop - start) / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? stop : start + i * step));
}

/**
 * The betas of the forward process: linear (Ho et al. 2020), scaled linear (Stable Diffusion:
 * linear in sqrt(beta)), or the cosine schedule of Nichol & Dhariwal 2021 capped at 0.999.
 */
export function computeBetas(config: SchedulerConfig): Float64Array {
  const n = config.num_train_timesteps;
  if (config.trained_betas) return Float64Array.from(config.trained_betas);
  switch (config.beta_schedule) {
    case "linear":
      return Float64Array.from(linspace(config.beta_start, config.beta_end, n));
    case "scaled_linear":
      return Float64Array.from(
        linspace(Math.sqrt(config.beta_start), Math.sqrt(config.beta_end), n),
        (b) => b * b,
      );
    case "squaredcos_cap_v2": {
      const alphaBar = (t: number) => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
      return Float64Array.from({ length: n }, (_, i) =>
        Math.min(1 - alphaBar((i + 1) / n) / alphaBar(i / n), 0.999),
      );
    }
  }
}

/** ᾱ_t = ∏ (1 − β_s) for s ≤ t, optionally rescaled to zero terminal SNR (Lin et al. 2023, Algorithm 1). */
export function computeAlphasCumprod(config: SchedulerConfig): Float64Array {
  const betas = computeBetas(config);
  const alphasCumprod = new Float64Array(betas.length);
  let product = 1;
  for (let i = 0; i < betas.length; i++) {
    product *= 1 - betas[i]!;
    alphasCumprod[i] = product;
  }
  if (!config.rescale_betas_zero_snr) return alphasCumprod;
  const sqrtBar = alphasCumprod.map(Math.sqrt);
  const first = sqrtBar[0]!;
  const last = sqrtBar[sqrtBar.length - 1]!;
  for (let i = 0; i < sqrtBar.length; i++) {
    const shifted = ((sqrtBar[i]! - last) * first) / (first - last);
    alphasCumprod[i] = shifted * shifted;
  }
  // ᾱ_T = 0 exactly would make σ infinite; diffusers uses 2^-24 for Euler-type schedulers.
  alphasCumprod[alphasCumprod.length - 1] = 2 ** -24;
  return alphasCumprod;
}

/**
 * Inference timesteps, highest first, by diffusers' `timestep_spacing` (Lin et al. 2023, Table 2):
 * `linspace` spreads them over [0, T−1]; `leading` takes multiples of T/n (plus `steps_offset`);
 * `trailing` counts back from T−1. `integer` rounds as DDIM/LCM do; Euler keeps fractions.
 */
export function spacedTimesteps(
  spacing: TimestepSpacing,
  trainSteps: number,
  steps: number,
  stepsOffset: number,
  integer: boolean,
): number[] {
  switch (spacing) {
    case "linspace": {
      const values = linspace(0, trainSteps - 1, steps).reverse();
      return integer ? values.map(roundHalfEven) : values;
    }
    case "leading": {
      const ratio = Math.floor(trainSteps / steps);
      return Array.from({ length: steps }, (_, i) => roundHalfEven((steps - 1 - i) * ratio) + stepsOffset);
    }
    case "trailing": {
      // Exactly `steps` values: numpy's arange(T, 0, -T/n) yields a stray n+1-th value for some n
      // (61, 103, …) through floating-point error, which diffusers inherits; we do not.
      const ratio = trainSteps / steps;
      return Array.from({ length: steps }, (_, i) => roundHalfEven(trainSteps - i * ratio) - 1);
    }
  }
}

/** `np.interp(x, [0, 1, …, n−1], table)`. */
export function interpolate(table: ArrayLike<number>, x: number): number {
  if (x <= 0) return table[0]!;
  if (x >= table.length - 1) return table[table.length - 1]!;
  const low = Math.floor(x);
  const fraction = x - low;
  return table[low]! * (1 - fraction) + table[low + 1]! * fraction;
}

/** x0 and ε from a model output, for the parameterisations of Ho et al. (ε), Salimans & Ho (v) and x0. */
export function predictOriginal(
  predictionType: SchedulerConfig["prediction_type"],
  modelOutput: number,
  sample: number,
  sqrtAlpha: number,
  sqrtOneMinusAlpha: number,
): { x0: number; epsilon: number } {
  switch (predictionType) {
    case "epsilon":
      return { x0: (sample - sqrtOneMinusAlpha * modelOutput) / sqrtAlpha, epsilon: modelOutput };
    case "v_prediction":
      return {
        x0: sqrtAlpha * sample - sqrtOneMinusAlpha * modelOutput,
        epsilon: sqrtAlpha * modelOutput + sqrtOneMinusAlpha * sample,
      };
    case "sample":
      return { x0: modelOutput, epsilon: (sample - sqrtAlpha * modelOutput) / sqrtOneMinusAlpha };
  }
}
