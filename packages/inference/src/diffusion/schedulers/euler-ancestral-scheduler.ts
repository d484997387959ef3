import { EulerDiscreteScheduler } from "./euler-discrete-scheduler.js";
import type { SchedulerParams, SchedulerStepParams, SchedulerStepResult } from "./diffusion-scheduler.js";
import type { SchedulerName } from "./scheduler-config.js";

/**
 * Euler ancestral sampling (k-diffusion's `sample_euler_ancestral`, diffusers'
 * `EulerAncestralDiscreteScheduler`): each step goes down to σ_down deterministically, then adds
 * fresh noise of size σ_up, with σ_up = √(σ_next²(σ² − σ_next²)/σ²) and σ_down = √(σ_next² − σ_up²).
 * Karras sigmas are not part of this scheduler in diffusers and are ignored here too.
 */
export class EulerAncestralScheduler extends EulerDiscreteScheduler {
  override readonly name: SchedulerName = "euler-ancestral";

  constructor(params: SchedulerParams) {
    super({ ...params, config: { ...params.config, use_karras_sigmas: false } });
  }

  override step({ modelOutput, stepIndex, sample, random }: SchedulerStepParams): SchedulerStepResult {
    const sigma = this.sigmas[stepIndex]!;
    const sigmaNext = this.sigmas[stepIndex + 1]!;
    const sigmaUp = Math.sqrt(
      (sigmaNext * sigmaNext * (sigma * sigma - sigmaNext * sigmaNext)) / (sigma * sigma),
    );
    const sigmaDown = Math.sqrt(sigmaNext * sigmaNext - sigmaUp * sigmaUp);
    const dt = sigmaDown - sigma;
    const prevSample = new Float32Array(sample.length);
    const predOriginalSample = new Float32Array(sample.length);
    for (let i = 0; i < sample.length; i++) {
      const x = sample[i]!;
      const x0 = this.originalSample(modelOutput[i]!, x, sigma);
      predOriginalSample[i] = x0;
      prevSample[i] = x + ((x - x0) / sigma) * dt;
    }
    if (sigmaUp > 0) {
      for (let i = 0; i < prevSample.length; i++) prevSample[i]! += random.nextNormal() * sigmaUp;
    }
    return { prevSample, predOriginalSample };
  }
}
