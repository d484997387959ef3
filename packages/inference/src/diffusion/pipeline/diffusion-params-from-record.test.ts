import { describe, expect, it } from "@jest/globals";
import { diffusionParamsFromRecord } from "./diffusion-params-from-record.js";

describe("diffusionParamsFromRecord", () => {
  it("maps command-line, config and registry names to generation options", () => {
    expect(
      diffusionParamsFromRecord({
        negative_prompt: "blurry",
        steps: 4,
        guidance_scale: 0,
        width: "768",
        height: 512,
        num_images: 2,
        strength: "0.4",
        scheduler: "euler-ancestral",
        seed: 1234,
        device: "cuda",
      }),
    ).toEqual({
      params: {
        negativePrompt: "blurry",
        steps: 4,
        guidanceScale: 0,
        width: 768,
        height: 512,
        numImages: 2,
        strength: 0.4,
        scheduler: "euler-ancestral",
        seed: 1234,
      },
      ignored: ["device"],
    });
  });

  it("accepts diffusers' and camelCase spellings", () => {
    expect(
      diffusionParamsFromRecord({ num_inference_steps: 3, guidanceScale: 2, "negative-prompt": "x" }).params,
    ).toEqual({
      steps: 3,
      guidanceScale: 2,
      negativePrompt: "x",
    });
  });

  it("rejects values of the wrong type, naming the parameter", () => {
    expect(() => diffusionParamsFromRecord({ steps: "many" })).toThrow(
      /steps must be a whole number, got "many"/,
    );
    expect(() => diffusionParamsFromRecord({ width: 512.5 })).toThrow(/width must be a whole number/);
    expect(() => diffusionParamsFromRecord({ guidance_scale: true })).toThrow(
      /guidance_scale must be a number/,
    );
    expect(() => diffusionParamsFromRecord({ negative_prompt: 3 })).toThrow(/negative_prompt must be text/);
    expect(() => diffusionParamsFromRecord({ scheduler: "dpm" })).toThrow(/Unknown scheduler 'dpm'/);
  });
});
