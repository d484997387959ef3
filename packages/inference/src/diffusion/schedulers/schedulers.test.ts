import { readFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import type { SeededRandom } from "../random/seeded-random.js";
import { createScheduler } from "./create-scheduler.js";
import { DdimScheduler } from "./ddim-scheduler.js";
import type { EulerDiscreteScheduler } from "./euler-discrete-scheduler.js";
import { computeAlphasCumprod, roundHalfEven, spacedTimesteps } from "./schedule-math.js";
import { resolveSchedulerConfig, type SchedulerName } from "./scheduler-config.js";

/**
 * Expected values come from test/reference/schedulers.py: an independent float64 numpy
 * implementation of the published formulas (see its header), never from this code.
 */
type Reference = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ref: Reference = JSON.parse(
  readFileSync(new URL("../../../test/reference/schedulers.json", import.meta.url), "utf8"),
);

/** Stable Diffusion's noise schedule, as SD 1.x/2.x/Turbo/SDXL `scheduler_config.json` files have it. */
const SD = { beta_start: 0.00085, beta_end: 0.012, beta_schedule: "scaled_linear" };
const SD_TURBO = {
  _class_name: "EulerDiscreteScheduler",
  ...SD,
  timestep_spacing: "trailing",
  steps_offset: 1,
  prediction_type: "epsilon",
};

function close(actual: ArrayLike<number>, expected: readonly number[], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => {
    const tolerance = 10 ** -digits * Math.max(1, Math.abs(value));
    if (Math.abs(actual[i]! - value) > tolerance) {
      throw new Error(`element ${i}: ${actual[i]} is not ${value} (±${tolerance})`);
    }
  });
}

/** A noise source that hands out fixed values, so a step with noise can be checked by hand. */
function fixedNoise(values: readonly number[]): SeededRandom {
  let i = 0;
  return { nextNormal: () => values[i++ % values.length]! } as unknown as SeededRandom;
}

const sample = Float32Array.from([1, -2]);
const modelOutput = Float32Array.from([0.5, 0.25]);
const noise = [0.3, -0.7];

describe("noise schedules", () => {
  it("computes ᾱ for every beta schedule and zero-SNR rescaling", () => {
    const at = (extra: Record<string, unknown>, indexes: number[]) => {
      const alphas = computeAlphasCumprod(resolveSchedulerConfig(extra, "euler"));
      return indexes.map((i) => alphas[i]!);
    };
    close(at(SD, [0, 499, 999]), ref.alphas_cumprod.scaled_linear, 9);
    close(at({}, [0, 499, 999]), ref.alphas_cumprod.linear, 9);
    close(at({ beta_schedule: "squaredcos_cap_v2" }, [0, 499, 998]), ref.alphas_cumprod.squaredcos_cap_v2, 9);
    close(at({ ...SD, rescale_betas_zero_snr: true }, [0, 499, 999]), ref.alphas_cumprod.zero_snr, 9);
  });

  it("rounds halves to even like numpy and spaces trailing timesteps exactly", () => {
    expect([0.5, 1.5, 2.5, 3.5, 62.5, 937.5].map(roundHalfEven)).toEqual([0, 2, 2, 4, 62, 938]);
    expect(spacedTimesteps("trailing", 1000, 16, 0, true)).toEqual(ref.trailing_16);
    // numpy's arange yields a stray 62nd value here; the schedule must have exactly 61.
    expect(spacedTimesteps("trailing", 1000, 61, 0, true)).toHaveLength(61);
  });

  it("rejects config values it cannot honour, naming the key", () => {
    expect(() => resolveSchedulerConfig({ prediction_type: "flow" }, "euler")).toThrow(
      /prediction_type "flow"/,
    );
    expect(() => resolveSchedulerConfig({ timestep_spacing: "karras" }, "ddim")).toThrow(/timestep_spacing/);
  });
});

describe("EulerDiscreteScheduler", () => {
  it.each([
    ["trailing_1", "trailing", 1, 1],
    ["trailing_4", "trailing", 4, 1],
    ["leading_5", "leading", 5, 1],
    ["linspace_4", "linspace", 4, 0],
  ] as const)("builds timesteps, sigmas and the initial noise σ (%s)", (name, spacing, steps, offset) => {
    const scheduler = createScheduler({
      config: { ...SD, timestep_spacing: spacing, steps_offset: offset },
      scheduler: "euler",
      steps,
    }) as EulerDiscreteScheduler;
    const expected = ref[`euler_${name}`];
    close(scheduler.timesteps, expected.timesteps);
    close(scheduler.sigmas, expected.sigmas);
    expect(scheduler.initNoiseSigma).toBeCloseTo(expected.init_noise_sigma, 5);
  });

  it("uses Karras sigmas and maps them back to timesteps", () => {
    const scheduler = createScheduler({
      config: { ...SD, timestep_spacing: "leading", steps_offset: 1, use_karras_sigmas: true },
      scheduler: "euler",
      steps: 5,
    }) as EulerDiscreteScheduler;
    close(scheduler.sigmas, ref.euler_karras_5.sigmas);
    close(scheduler.timesteps, ref.euler_karras_5.timesteps, 4);
  });

  it("scales the input and takes one step for epsilon and v-prediction", () => {
    const euler = (prediction_type: string) =>
      createScheduler({ config: { ...SD_TURBO, prediction_type }, steps: 4 });
    const epsilon = euler("epsilon");
    expect(epsilon.name).toBe("euler");
    close(epsilon.scaleModelInput(sample, 1), ref.euler_step.scaled_input);
    close(
      epsilon.step({ modelOutput, stepIndex: 1, sample, random: fixedNoise([0]) }).prevSample,
      ref.euler_step.epsilon,
    );
    close(
      euler("v_prediction").step({ modelOutput, stepIndex: 1, sample, random: fixedNoise([0]) }).prevSample,
      ref.euler_step.v_prediction,
    );
  });

  it("starts image-to-image part-way and noises to that σ", () => {
    const scheduler = createScheduler({
      config: SD_TURBO,
      steps: 4,
      strength: 0.5,
    }) as EulerDiscreteScheduler;
    close(scheduler.timesteps, ref.euler_img2img.timesteps);
    close(scheduler.sigmas, ref.euler_img2img.sigmas);
    const noised = scheduler.addNoise(sample, Float32Array.from(noise), 0);
    const sigma = ref.euler_img2img.sigmas[0];
    close(noised, [1 + 0.3 * sigma, -2 - 0.7 * sigma]);
  });
});

describe("EulerAncestralScheduler", () => {
  it("descends to σ_down and adds σ_up of fresh noise", () => {
    const scheduler = createScheduler({
      config: { ...SD_TURBO, _class_name: "EulerAncestralDiscreteScheduler" },
      steps: 4,
    });
    expect(scheduler.name).toBe("euler-ancestral");
    const { prevSample } = scheduler.step({ modelOutput, stepIndex: 1, sample, random: fixedNoise(noise) });
    close(prevSample, ref.euler_ancestral_step.epsilon);
  });
});

describe("DdimScheduler", () => {
  const ddim = (extra: Record<string, unknown>, steps = 10) =>
    createScheduler({
      config: { ...SD, steps_offset: 1, set_alpha_to_one: false, clip_sample: false, ...extra },
      scheduler: "ddim",
      steps,
    });

  it("spaces integer timesteps (leading + steps_offset, trailing, linspace)", () => {
    expect(ddim({}).timesteps).toEqual(ref.ddim_leading_10.timesteps);
    expect(ddim({ timestep_spacing: "trailing", steps_offset: 0 }, 3).timesteps).toEqual(ref.ddim_trailing_3);
    expect(ddim({ timestep_spacing: "linspace", steps_offset: 0 }, 4).timesteps).toEqual(ref.ddim_linspace_4);
  });

  it("takes a deterministic step for epsilon and v-prediction", () => {
    const random = fixedNoise([0]);
    close(
      ddim({}).step({ modelOutput, stepIndex: 3, sample, random }).prevSample,
      ref.ddim_leading_10.epsilon,
    );
    close(
      ddim({ prediction_type: "v_prediction" }).step({ modelOutput, stepIndex: 3, sample, random })
        .prevSample,
      ref.ddim_leading_10.v_prediction,
    );
  });

  it("ends on ᾱ = 1 or ᾱ_0 by set_alpha_to_one, and clips x0 when asked", () => {
    const random = fixedNoise([0]);
    const last = (extra: Record<string, unknown>) =>
      ddim(extra).step({ modelOutput, stepIndex: 9, sample, random }).prevSample;
    close(last({ set_alpha_to_one: true }), ref.ddim_last.alpha_one);
    close(last({}), ref.ddim_last.alpha_zero);
    close(last({ clip_sample: true }), ref.ddim_last.clipped);
    expect(
      new DdimScheduler({ config: resolveSchedulerConfig({}, "ddim"), steps: 4 }).config.clip_sample,
    ).toBe(true);
  });
});

describe("LcmScheduler", () => {
  const lcm = (steps: number, strength = 1) =>
    createScheduler({
      config: { _class_name: "LCMScheduler", ...SD, set_alpha_to_one: true },
      steps,
      strength,
    });

  it("picks skipping timesteps from the original 50-step grid, also for image-to-image", () => {
    expect(lcm(4).timesteps).toEqual(ref.lcm_4);
    expect(lcm(4, 0.5).timesteps).toEqual(ref["lcm_4_strength_0.5"]);
  });

  it("re-noises the consistency estimate between steps and returns it at the last", () => {
    const mid = lcm(4).step({ modelOutput, stepIndex: 1, sample, random: fixedNoise(noise) });
    close(mid.prevSample, ref.lcm_step.mid);
    close(mid.predOriginalSample, ref.lcm_step.mid_denoised);
    close(
      lcm(4).step({ modelOutput, stepIndex: 3, sample, random: fixedNoise(noise) }).prevSample,
      ref.lcm_step.last,
    );
    close(lcm(4).addNoise(sample, Float32Array.from(noise), 2), ref.ddpm_add_noise_499);
  });

  it("refuses more steps than its grid has", () => {
    expect(() => lcm(51)).toThrow(/at most 50 steps/);
    expect(() => lcm(8, 0.1)).toThrow(/strength 0.1/);
  });
});

describe("createScheduler", () => {
  it.each(["euler", "euler-ancestral", "lcm", "ddim"] as SchedulerName[])(
    "overrides the config's class with %s",
    (name) => {
      expect(createScheduler({ config: SD_TURBO, scheduler: name, steps: 2 }).name).toBe(name);
    },
  );

  it("runs classes it lacks as Euler with the same schedule", () => {
    const pndm = createScheduler({
      config: { _class_name: "PNDMScheduler", ...SD, steps_offset: 1, timestep_spacing: "leading" },
      steps: 5,
    });
    expect(pndm.name).toBe("euler");
    close(pndm.timesteps, ref.euler_leading_5.timesteps);
  });
});
