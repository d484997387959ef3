import { describe, expect, it } from "@jest/globals";
import { UsageError } from "@hftool/core";
import { resolveGenerationSettings } from "./resolve-generation-settings.js";

describe("resolveGenerationSettings", () => {
  it("decodes greedily by default, without a seed", () => {
    expect(resolveGenerationSettings({ params: {} })).toEqual({
      maxNewTokens: 256,
      temperature: 0,
      topP: 1,
      topK: 50,
      stop: [],
    });
  });

  it("follows the model's generation config when it samples, below the user's values", () => {
    const modelDefaults = {
      do_sample: true,
      temperature: 0.7,
      top_p: 0.8,
      top_k: 20,
      repetition_penalty: 1.05,
    };
    const settings = resolveGenerationSettings({ params: {}, modelDefaults });
    expect(settings).toMatchObject({ temperature: 0.7, topP: 0.8, topK: 20, repetitionPenalty: 1.05 });
    expect(settings.seed).toEqual(expect.any(Number));
    expect(resolveGenerationSettings({ params: { temperature: 0 }, modelDefaults })).not.toHaveProperty(
      "seed",
    );
    expect(resolveGenerationSettings({ params: {}, modelDefaults: { temperature: 0.7 } }).temperature).toBe(
      0,
    );
  });

  it("reads the user's values, stop strings with escapes, and checks ranges", () => {
    const settings = resolveGenerationSettings({
      params: {
        max_new_tokens: "12",
        temperature: 1.2,
        top_p: 0.9,
        top_k: 0,
        seed: 7,
        stop: ["\\n\\n", "END"],
      },
    });
    expect(settings).toEqual({
      maxNewTokens: 12,
      temperature: 1.2,
      topP: 0.9,
      topK: 0,
      seed: 7,
      stop: ["\n\n", "END"],
    });
    expect(resolveGenerationSettings({ params: { stop: "###" } }).stop).toEqual(["###"]);
    for (const params of [
      { max_new_tokens: 0 },
      { top_p: 0 },
      { top_p: 1.5 },
      { temperature: -1 },
      { seed: 1.5 },
      { top_k: "x" },
    ]) {
      expect(() => resolveGenerationSettings({ params })).toThrow(UsageError);
    }
  });
});
