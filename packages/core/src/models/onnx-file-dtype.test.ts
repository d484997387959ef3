import { describe, expect, it } from "@jest/globals";
import { onnxFileDtype } from "./onnx-file-dtype.js";
import { onnxFileName } from "./onnx-file-name.js";
import { DTYPES } from "./types.js";

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

describe("onnxFileName", () => {
  it("names every variant so that onnxFileDtype reads it back", () => {
    for (const dtype of DTYPES)
      expect(onnxFileDtype(`onnx/${onnxFileName("decoder_model_merged", dtype)}`)).toBe(dtype);
  });
});
