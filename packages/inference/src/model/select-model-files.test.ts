import { describe, expect, it } from "@jest/globals";
import { UsageError } from "@hftool/core";
import { ModelFormatError } from "../errors/errors.js";
import { selectModelFiles } from "./select-model-files.js";

const MB = 1024 * 1024;
/** The layout of onnx-community/whisper-base: several sessions, each in many variants. */
const whisperRepo = [
  { path: ".gitattributes", size: 1500 },
  { path: "README.md", size: 3000 },
  { path: "config.json", size: 2000 },
  { path: "generation_config.json", size: 3000 },
  { path: "preprocessor_config.json", size: 400 },
  { path: "tokenizer.json", size: 2 * MB },
  { path: "tokenizer_config.json", size: 280000 },
  { path: "added_tokens.json", size: 34000 },
  { path: "merges.txt", size: 490000 },
  { path: "vocab.json", size: 1 * MB },
  ...["", "_fp16", "_quantized", "_q4"].flatMap((suffix) => [
    { path: `onnx/encoder_model${suffix}.onnx`, size: 80 * MB },
    { path: `onnx/decoder_model${suffix}.onnx`, size: 190 * MB },
    { path: `onnx/decoder_with_past_model${suffix}.onnx`, size: 180 * MB },
    { path: `onnx/decoder_model_merged${suffix}.onnx`, size: 200 * MB },
  ]),
  { path: "onnx/decoder_model_merged_int8.onnx", size: 50 * MB },
];

describe("selectModelFiles", () => {
  it("picks only the sessions and variant the task loads, plus configs and tokenizer", () => {
    const selection = selectModelFiles({
      task: "asr",
      files: whisperRepo,
      dtype: "q4",
      model: "onnx-community/whisper-base",
    });
    expect(selection.sessions).toEqual(["encoder_model", "decoder_model_merged"]);
    expect(selection.dtype).toBe("q4");
    expect(selection.fallbackNotice).toBeUndefined();
    expect(selection.onnxFiles).toEqual(["onnx/encoder_model_q4.onnx", "onnx/decoder_model_merged_q4.onnx"]);
    expect(selection.files.sort()).toEqual(
      [
        "added_tokens.json",
        "config.json",
        "generation_config.json",
        "merges.txt",
        "onnx/decoder_model_merged_q4.onnx",
        "onnx/encoder_model_q4.onnx",
        "preprocessor_config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "vocab.json",
      ].sort(),
    );
    expect(selection.include).toEqual(selection.files);
    expect(selection.sizeBytes).toBe(
      280 * MB + 2 * MB + 1 * MB + 2000 + 3000 + 400 + 280000 + 34000 + 490000,
    );
    expect(selection.availableDtypes).toEqual(["fp32", "fp16", "q8", "q4"]);
  });

  it("falls back with a notice when the variant is missing for one of the sessions", () => {
    const selection = selectModelFiles({
      task: "asr",
      files: whisperRepo,
      dtype: "int8",
      model: "whisper-base",
    });
    expect(selection.dtype).toBe("fp32");
    expect(selection.fallbackNotice).toBe(
      "whisper-base has no int8 weights; using fp32 instead (available: fp32, fp16, q8, q4).",
    );
  });

  it("uses the model's recommended variant for auto, and falls back from it quietly named", () => {
    expect(selectModelFiles({ task: "asr", files: whisperRepo, defaultDtype: "fp16" }).dtype).toBe("fp16");
    const vad = selectModelFiles({
      task: "vad",
      files: ["onnx/model.onnx", "onnx/model_fp16.onnx"],
      defaultDtype: "q8",
    });
    expect(vad).toMatchObject({ dtype: "fp32", requestedDtype: "auto" });
    expect(vad.fallbackNotice).toMatch(/no q8 weights \(its recommended variant\); using fp32/);
    expect(vad.sizeBytes).toBeUndefined();
  });

  it("includes external data files and voices", () => {
    const selection = selectModelFiles({
      task: "tts",
      files: [
        "config.json",
        "onnx/model.onnx",
        "onnx/model.onnx_data",
        "onnx/model_fp16.onnx",
        "voices/F1.bin",
        "voices/M1.bin",
      ],
    });
    expect(selection.files).toEqual([
      "config.json",
      "voices/F1.bin",
      "voices/M1.bin",
      "onnx/model.onnx",
      "onnx/model.onnx_data",
    ]);
  });

  it("reads ONNX files at the repo root when there is no onnx/ folder", () => {
    const selection = selectModelFiles({ task: "vad", files: ["model.onnx", "README.md"] });
    expect(selection).toMatchObject({ onnxFolder: "", onnxFiles: ["model.onnx"] });
  });

  it("explains a repo without ONNX weights, or without the ones the task needs", () => {
    const pytorch = () =>
      selectModelFiles({
        task: "asr",
        files: ["config.json", "model.safetensors"],
        model: "openai/whisper-base",
      });
    expect(pytorch).toThrow(ModelFormatError);
    expect(pytorch).toThrow(/has no ONNX weights \(only PyTorch\/safetensors files\)/);
    const wrong = () =>
      selectModelFiles({ task: "asr", files: ["config.json", "onnx/vision_encoder.onnx"], model: "m" });
    expect(wrong).toThrow(
      /not the ones automatic-speech-recognition needs: encoder_model.onnx \+ decoder_model_merged.onnx, or model.onnx/,
    );
    expect(() => selectModelFiles({ task: "asr", files: ["onnx/model.onnx"], model: "m" })).toThrow(
      /no config.json/,
    );
  });

  it("loads text models as transformers.js does: decoder-only, encoder-decoder, encoders", () => {
    const llm = selectModelFiles({
      task: "llm",
      files: [
        "config.json",
        "generation_config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "chat_template.jinja",
        "onnx/model.onnx",
        "onnx/model.onnx_data",
        "onnx/model_q4.onnx",
        "onnx/model_q4f16.onnx",
      ],
      dtype: "q4",
    });
    expect(llm.sessions).toEqual(["model"]);
    expect(llm.files.sort()).toEqual(
      [
        "chat_template.jinja",
        "config.json",
        "generation_config.json",
        "onnx/model_q4.onnx",
        "tokenizer.json",
        "tokenizer_config.json",
      ].sort(),
    );
    // repos exported before transformers.js 3 name the one decoder session decoder_model_merged
    const old = selectModelFiles({
      task: "text-generation",
      files: [
        "config.json",
        "tokenizer.json",
        "onnx/decoder_model_merged.onnx",
        "onnx/decoder_model_merged_quantized.onnx",
      ],
      dtype: "q8",
    });
    expect(old.onnxFiles).toEqual(["onnx/decoder_model_merged_quantized.onnx"]);
    const marian = selectModelFiles({
      task: "translate",
      files: [
        "config.json",
        "tokenizer.json",
        "onnx/encoder_model.onnx",
        "onnx/decoder_model.onnx",
        "onnx/decoder_with_past_model.onnx",
        "onnx/decoder_model_merged.onnx",
      ],
    });
    expect(marian.onnxFiles).toEqual(["onnx/encoder_model.onnx", "onnx/decoder_model_merged.onnx"]);
    expect(() =>
      selectModelFiles({ task: "summarization", files: ["config.json", "onnx/model.onnx"], model: "x/bert" }),
    ).toThrow(/encoder_model.onnx \+ decoder_model_merged.onnx/);
    expect(() => selectModelFiles({ task: "ner", files: ["onnx/model.onnx"], model: "x/ner" })).toThrow(
      /no config.json/,
    );
  });

  it("rejects unknown dtypes", () => {
    expect(() => selectModelFiles({ task: "vad", files: ["onnx/model.onnx"], dtype: "fp8" })).toThrow(
      UsageError,
    );
  });
});
