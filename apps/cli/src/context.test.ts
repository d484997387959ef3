import { describe, expect, it } from "@jest/globals";
import { isCI, progressBarsOff } from "./context.js";

describe("progressBarsOff", () => {
  it("is on in CI and with huggingface_hub's HF_HUB_DISABLE_PROGRESS_BARS, off otherwise", () => {
    expect(progressBarsOff({})).toBe(false);
    expect(progressBarsOff({ CI: "true" })).toBe(true);
    expect(progressBarsOff({ CI: "false" })).toBe(false);
    for (const value of ["1", "true", "YES", "on"]) {
      expect(progressBarsOff({ HF_HUB_DISABLE_PROGRESS_BARS: value })).toBe(true);
    }
    for (const value of ["0", "false", ""]) {
      expect(progressBarsOff({ HF_HUB_DISABLE_PROGRESS_BARS: value })).toBe(false);
    }
    // prompts still ask: the variable is about progress, not about whether someone is there
    expect(isCI({ HF_HUB_DISABLE_PROGRESS_BARS: "1" })).toBe(false);
  });
});
