import { describe, expect, it } from "@jest/globals";
import { excludeOtherDtypes, onnxFileDtype } from "./select-dtype.js";

describe("onnxFileDtype", () => {
  it("reads transformers.js variant suffixes, external data files included", () => {
    expect(onnxFileDtype("onnx/model.onnx")).toBe("fp32");
    expect(onnxFileDtype("onnx/model_fp16.onnx")).toBe("fp16");
    expect(onnxFileDtype("onnx/model_quantized.onnx")).toBe("q8");
    expect(onnxFileDtype("onnx/decoder_model_merged_q4f16.onnx")).toBe("q4f16");
    expect(onnxFileDtype("onnx/model_q4.onnx")).toBe("q4");
    expect(onnxFileDtype("onnx/model_uint8.onnx")).toBe("uint8");
    expect(onnxFileDtype("onnx/model.onnx_data")).toBe("fp32");
    expect(onnxFileDtype("onnx/model_fp16.onnx_data_1")).toBe("fp16");
    expect(onnxFileDtype("config.json")).toBeUndefined();
  });
});

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
