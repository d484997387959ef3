/** Schedulers hftool implements, by the names users type (`--scheduler`). */
export type SchedulerName = "euler" | "euler-ancestral" | "lcm" | "ddim";

export const SCHEDULER_NAMES: readonly SchedulerName[] = ["euler", "euler-ancestral", "lcm", "ddim"];

/** The diffusers class each scheduler name stands for (the `_class_name` of `scheduler_config.json`). */
export const SCHEDULER_CLASS_NAMES: Readonly<Record<SchedulerName, string>> = {
  euler: "EulerDiscreteScheduler",
  "euler-ancestral": "EulerAncestralDiscreteScheduler",
  lcm: "LCMScheduler",
  ddim: "DDIMScheduler",
};

export type PredictionType = "epsilon" | "v_prediction" | "sample";
export type TimestepSpacing = "linspace" | "leading" | "trailing";
export type BetaSchedule = "linear" | "scaled_linear" | "squaredcos_cap_v2";

/**
 * The fields of a diffusers `scheduler_config.json` that hftool's schedulers read, with the
 * defaults of the scheduler's diffusers class filled in (see {@link resolveSchedulerConfig}).
 */
export interface SchedulerConfig {
  num_train_timesteps: number;
  beta_start: number;
  beta_end: number;
  beta_schedule: BetaSchedule;
  /** Explicit betas; replace `beta_start`/`beta_end`/`beta_schedule` when given. */
  trained_betas: readonly number[] | null;
  prediction_type: PredictionType;
  timestep_spacing: TimestepSpacing;
  steps_offset: number;
  /** Rescale betas to zero terminal SNR (Lin et al. 2023, "Common Diffusion Noise Schedules … are Flawed"). */
  rescale_betas_zero_snr: boolean;
  // Euler
  use_karras_sigmas: boolean;
  timestep_type: "discrete" | "continuous";
  final_sigmas_type: "zero" | "sigma_min";
  // DDIM, LCM
  set_alpha_to_one: boolean;
  clip_sample: boolean;
  clip_sample_range: number;
  // LCM
  original_inference_steps: number;
  timestep_scaling: number;
}

const COMMON: SchedulerConfig = {
  num_train_timesteps: 1000,
  beta_start: 0.0001,
  beta_end: 0.02,
  beta_schedule: "linear",
  trained_betas: null,
  prediction_type: "epsilon",
  timestep_spacing: "linspace",
  steps_offset: 0,
  rescale_betas_zero_snr: false,
  use_karras_sigmas: false,
  timestep_type: "discrete",
  final_sigmas_type: "zero",
  set_alpha_to_one: true,
  clip_sample: false,
  clip_sample_range: 1,
  original_inference_steps: 50,
  timestep_scaling: 10,
};

/** Each diffusers class's own constructor defaults, used where the config file is silent. */
const CLASS_DEFAULTS: Readonly<Record<SchedulerName, Partial<SchedulerConfig>>> = {
  euler: {},
  "euler-ancestral": {},
  ddim: { clip_sample: true, timestep_spacing: "leading" },
  lcm: {
    beta_start: 0.00085,
    beta_end: 0.012,
    beta_schedule: "scaled_linear",
    timestep_spacing: "leading",
  },
};

/**
 * Fills a raw `scheduler_config.json` object with the defaults of the scheduler class that will
 * read it, as diffusers' `from_config` does: keys in the file win, missing keys take the class's
 * default. Unknown values of enum-like keys are rejected with a `RangeError` naming the key.
 */
export function resolveSchedulerConfig(
  raw: Readonly<Record<string, unknown>>,
  scheduler: SchedulerName,
): SchedulerConfig {
  const config: Record<string, unknown> = { ...COMMON, ...CLASS_DEFAULTS[scheduler] };
  for (const key of Object.keys(COMMON)) {
    const value = raw[key];
    if (value !== undefined && value !== null) config[key] = value;
  }
  const oneOf = (key: keyof SchedulerConfig, allowed: readonly string[]) => {
    if (!allowed.includes(config[key] as string)) {
      throw new RangeError(
        `scheduler_config.json: ${key} "${String(config[key])}" is not supported (expected ${allowed.join(", ")}).`,
      );
    }
  };
  oneOf("prediction_type", ["epsilon", "v_prediction", "sample"]);
  oneOf("timestep_spacing", ["linspace", "leading", "trailing"]);
  oneOf("beta_schedule", ["linear", "scaled_linear", "squaredcos_cap_v2"]);
  oneOf("timestep_type", ["discrete", "continuous"]);
  oneOf("final_sigmas_type", ["zero", "sigma_min"]);
  for (const key of [
    "num_train_timesteps",
    "beta_start",
    "beta_end",
    "steps_offset",
    "original_inference_steps",
  ] as const) {
    if (typeof config[key] !== "number" || !Number.isFinite(config[key])) {
      throw new RangeError(
        `scheduler_config.json: ${key} must be a number, got ${JSON.stringify(config[key])}.`,
      );
    }
  }
  return config as unknown as SchedulerConfig;
}
