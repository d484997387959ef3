import { describe, expect, it } from "@jest/globals";
import { excludeOtherDtypes } from "./select-dtype.js";

describe("excludeOtherDtypes", () => {
  const files = [
    "config.json",
    "onnx/model.onnx",
    "onnx/model.onnx_data",
    "onnx/model_fp16.onnx",
    "onnx/model_quantized.onnx",
  ].map((path) => ({ path }));
  it("leaves out every other variant's weights", () => {
    expect(excludeOtherDtypes(files, "fp16", "org/x")).toEqual([
      "onnx/model.onnx",
      "onnx/model.onnx_data",
      "onnx/model_quantized.onnx",
    ]);
    expect(excludeOtherDtypes(files, "fp32", "org/x")).toEqual([
      "onnx/model_fp16.onnx",
      "onnx/model_quantized.onnx",
    ]);
    expect(excludeOtherDtypes([{ path: "model.safetensors" }], "q4", "org/x")).toEqual([]);
  });
  it("names the variants a repo has when the one asked for is missing", () => {
    expect(() => excludeOtherDtypes(files, "q4", "org/x")).toThrow(/no q4 weights/);
  });
});
