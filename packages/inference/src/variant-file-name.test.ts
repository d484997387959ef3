import { describe, expect, it } from "@jest/globals";
import { variantFileName } from "./variant-file-name.js";

describe("variantFileName", () => {
  it("follows the transformers.js naming", () => {
    expect(variantFileName("model", "fp32")).toBe("model.onnx");
    expect(variantFileName("decoder_model_merged", "q8")).toBe("decoder_model_merged_quantized.onnx");
  });
});
