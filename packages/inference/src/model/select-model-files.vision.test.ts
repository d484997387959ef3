import { describe, expect, it } from "@jest/globals";
import { selectModelFiles } from "./select-model-files.js";

const CLIP = [
  "config.json",
  "preprocessor_config.json",
  "tokenizer.json",
  "tokenizer_config.json",
  "README.md",
  "onnx/model.onnx",
  "onnx/model_quantized.onnx",
  "onnx/text_model.onnx",
  "onnx/text_model_quantized.onnx",
  "onnx/vision_model.onnx",
  "onnx/vision_model_quantized.onnx",
];

describe("selectModelFiles for vision tasks", () => {
  it("takes CLIP's combined model only, not its separate towers", () => {
    const selection = selectModelFiles({ task: "clip", files: CLIP, dtype: "q8" });
    expect(selection.onnxFiles).toEqual(["onnx/model_quantized.onnx"]);
    expect(selection.files).toEqual(
      expect.arrayContaining([
        "config.json",
        "preprocessor_config.json",
        "tokenizer.json",
        "onnx/model_quantized.onnx",
      ]),
    );
    expect(selection.files).not.toContain("onnx/text_model_quantized.onnx");
  });

  it("takes a captioner's encoder and merged decoder", () => {
    const files = [
      "config.json",
      "generation_config.json",
      "preprocessor_config.json",
      "tokenizer.json",
      "onnx/encoder_model.onnx",
      "onnx/encoder_model_quantized.onnx",
      "onnx/decoder_model_merged.onnx",
      "onnx/decoder_model_merged_quantized.onnx",
      "onnx/decoder_with_past_model_quantized.onnx",
    ];
    const selection = selectModelFiles({ task: "caption", files, defaultDtype: "q8" });
    expect(selection.sessions).toEqual(["encoder_model", "decoder_model_merged"]);
    expect(selection.onnxFiles).toEqual([
      "onnx/encoder_model_quantized.onnx",
      "onnx/decoder_model_merged_quantized.onnx",
    ]);
  });

  it("needs config.json: transformers.js reads the model type from it", () => {
    expect(() => selectModelFiles({ task: "upscale", files: ["onnx/model.onnx"], model: "x/y" })).toThrow(
      /x\/y has no config.json, which the image-upscaling pipeline needs/,
    );
  });
});
