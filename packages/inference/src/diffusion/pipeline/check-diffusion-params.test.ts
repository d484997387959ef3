import { describe, expect, it } from "@jest/globals";
import { DiffusionParamError } from "../errors.js";
import { checkDiffusionParams } from "./check-diffusion-params.js";

function failure(fn: () => unknown): DiffusionParamError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DiffusionParamError);
    return error as DiffusionParamError;
  }
  throw new Error("expected a DiffusionParamError");
}

describe("checkDiffusionParams", () => {
  it("returns the given values parsed, and the names it does not know", () => {
    expect(
      checkDiffusionParams({
        task: "image-to-image",
        params: { prompt: "a cat", steps: "4", strength: 0.5, width: 512, device: "cpu" },
      }),
    ).toEqual({ params: { prompt: "a cat", steps: 4, strength: 0.5, width: 512 }, ignored: ["device"] });
    expect(checkDiffusionParams({ task: "text-to-image", params: {}, prompt: "a cat" }).params).toEqual({});
    expect(checkDiffusionParams({ task: "image-to-image", params: { prompt: "a cat" } }).params).toEqual({
      prompt: "a cat",
    });
    expect(
      checkDiffusionParams({ task: "image-to-image", params: { prompt: "a cat", steps: 1 } }).params.steps,
    ).toBe(1);
  });

  it.each([
    ["width", { width: 500 }, /width must be a multiple of 8/, "Try --width 496."],
    ["height", { height: 4 }, /height must be a multiple of 8 from 8/, "Try --height 8."],
    ["steps", { steps: 0 }, /steps must be a whole number from 1/, undefined],
    ["guidance_scale", { guidance_scale: -1 }, /guidance_scale must be a number ≥ 0/, undefined],
    ["num_images", { num_images: 0 }, /num_images must be a whole number from 1/, undefined],
    ["steps", { steps: "many" }, /steps must be a whole number, got "many"/, undefined],
  ])("rejects a bad %s with what would work", (param, params, message, hint) => {
    const error = failure(() => checkDiffusionParams({ task: "text-to-image", params, prompt: "a cat" }));
    expect(error.param).toBe(param);
    expect(error.message).toMatch(message);
    expect(error.exitCode).toBe(2);
    if (hint) expect(error.hint).toBe(hint);
  });

  it("checks strength and the prompt of image-to-image", () => {
    expect(
      failure(() => checkDiffusionParams({ task: "image-to-image", params: { prompt: "x", strength: 1.5 } }))
        .message,
    ).toBe("strength must be between 0 and 1, got 1.5.");
    expect(
      failure(() => checkDiffusionParams({ task: "image-to-image", params: { prompt: "x", strength: -0.1 } }))
        .param,
    ).toBe("strength");
    expect(
      failure(() => checkDiffusionParams({ task: "image-to-image", params: { strength: 0.5 } })).hint,
    ).toBe('--prompt "make it a watercolor"');
    expect(
      failure(() => checkDiffusionParams({ task: "text-to-image", params: {}, prompt: "  " })).param,
    ).toBe("prompt");
    // steps × strength is checked when both are known, not against a stand-in
    expect(
      checkDiffusionParams({ task: "image-to-image", params: { prompt: "x", strength: 0.1 } }).params
        .strength,
    ).toBe(0.1);
    expect(
      failure(() =>
        checkDiffusionParams({ task: "image-to-image", params: { prompt: "x", strength: 0.3, steps: 2 } }),
      ).message,
    ).toMatch(/With 2 steps and strength 0.3, no denoising step would run/);
  });
});
