import { DdimScheduler } from "./ddim-scheduler.js";
import type { DiffusionScheduler } from "./diffusion-scheduler.js";
import { EulerAncestralScheduler } from "./euler-ancestral-scheduler.js";
import { EulerDiscreteScheduler } from "./euler-discrete-scheduler.js";
import { LcmScheduler } from "./lcm-scheduler.js";
import { resolveSchedulerConfig, SCHEDULER_CLASS_NAMES, type SchedulerName } from "./scheduler-config.js";

/** Parameters of {@link createScheduler}. */
export interface CreateSchedulerParams {
  /** The parsed `scheduler/scheduler_config.json`. */
  config: Readonly<Record<string, unknown>>;
  /** Use this scheduler instead of the one the config names. */
  scheduler?: SchedulerName;
  /** Denoising steps. */
  steps: number;
  /** Image-to-image strength, 0–1. @default 1 */
  strength?: number;
}

/** The hftool scheduler for a diffusers class name, or undefined for classes hftool lacks. */
export function schedulerForClass(className: unknown): SchedulerName | undefined {
  const entry = Object.entries(SCHEDULER_CLASS_NAMES).find(([, value]) => value === className);
  return entry?.[0] as SchedulerName | undefined;
}

/**
 * Builds the scheduler a model's `scheduler_config.json` asks for (or `scheduler`), configured from
 * that file: betas, `prediction_type`, `timestep_spacing`, `steps_offset` and the rest. A class
 * hftool does not implement (PNDM, DPM-Solver, LMS…) runs as Euler with the same noise schedule,
 * the usual stand-in; check the returned `name`.
 */
export function createScheduler({
  config,
  scheduler,
  steps,
  strength = 1,
}: CreateSchedulerParams): DiffusionScheduler {
  const name = scheduler ?? schedulerForClass(config["_class_name"]) ?? "euler";
  const resolved = resolveSchedulerConfig(config, name);
  const params = { config: resolved, steps, strength };
  switch (name) {
    case "euler":
      return new EulerDiscreteScheduler(params);
    case "euler-ancestral":
      return new EulerAncestralScheduler(params);
    case "ddim":
      return new DdimScheduler(params);
    case "lcm":
      return new LcmScheduler(params);
  }
}
