import { describe, expect, it } from "@jest/globals";
import { UsageError } from "../errors/errors.js";
import { parseExtraArgs } from "./parse-extra-args.js";

describe("parseExtraArgs", () => {
  it("types values, keeping 1 and 0 as numbers", () => {
    expect(
      parseExtraArgs(["--steps", "4", "--guidance", "0.0", "--num_images", "1", "--eta", "0", "--fast"]),
    ).toEqual({
      steps: 4,
      guidance: 0,
      num_images: 1,
      eta: 0,
      fast: true,
    });
  });

  it("reads --name=value, --no-name, dashes and negative numbers", () => {
    expect(
      parseExtraArgs(["--guidance-scale=7.5", "--no-normalize", "--shift", "-1", "--prompt", "a cat"]),
    ).toEqual({
      guidance_scale: 7.5,
      normalize: false,
      shift: -1,
      prompt: "a cat",
    });
  });

  it("reads booleans, JSON and quoted numbers", () => {
    expect(
      parseExtraArgs([
        "--a",
        "true",
        "--b",
        "false",
        "--c",
        "[1,2]",
        "--d",
        '{"x":1}',
        "--e",
        '"007"',
        "--f",
        "1e-3",
      ]),
    ).toEqual({
      a: true,
      b: false,
      c: [1, 2],
      d: { x: 1 },
      e: "007",
      f: 0.001,
    });
  });

  it("collects repeated names", () => {
    expect(parseExtraArgs(["--stop", ".", "--stop", "!", "--stop", "?"])).toEqual({ stop: [".", "!", "?"] });
  });

  it("rejects short options and stray words with a usage error", () => {
    expect(() => parseExtraArgs(["-x", "1"])).toThrow(UsageError);
    expect(() => parseExtraArgs(["--a", "1", "stray"])).toThrow(/'stray'/);
  });

  it("is empty for no words", () => {
    expect(parseExtraArgs([])).toEqual({});
  });
});
