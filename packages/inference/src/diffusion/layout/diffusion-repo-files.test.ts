import { describe, expect, it } from "@jest/globals";
import { diffusionRepoFiles } from "./diffusion-repo-files.js";

/** The file list of a repo shaped like stabilityai/sdxl-turbo: PyTorch weights beside the ONNX export. */
const SDXL_TURBO = [
  ".gitattributes",
  "README.md",
  "model_index.json",
  "sd_xl_turbo_1.0.safetensors",
  "scheduler/scheduler_config.json",
  "text_encoder/config.json",
  "text_encoder/model.fp16.safetensors",
  "text_encoder/model.onnx",
  "text_encoder_2/config.json",
  "text_encoder_2/model.onnx",
  "text_encoder_2/model.onnx_data",
  "tokenizer/merges.txt",
  "tokenizer/special_tokens_map.json",
  "tokenizer/tokenizer_config.json",
  "tokenizer/vocab.json",
  "tokenizer_2/merges.txt",
  "tokenizer_2/special_tokens_map.json",
  "tokenizer_2/tokenizer_config.json",
  "tokenizer_2/vocab.json",
  "unet/config.json",
  "unet/diffusion_pytorch_model.fp16.safetensors",
  "unet/model.onnx",
  "unet/model.onnx_data",
  "vae/config.json",
  "vae/diffusion_pytorch_model.safetensors",
  "vae_decoder/config.json",
  "vae_decoder/model.onnx",
  "vae_encoder/config.json",
  "vae_encoder/model.onnx",
];

describe("diffusionRepoFiles", () => {
  it("keeps only what the ONNX pipeline reads", () => {
    const files = diffusionRepoFiles({ files: SDXL_TURBO });
    expect(files.sort()).toEqual(
      [
        "model_index.json",
        "scheduler/scheduler_config.json",
        "text_encoder/config.json",
        "text_encoder/model.onnx",
        "text_encoder_2/config.json",
        "text_encoder_2/model.onnx",
        "text_encoder_2/model.onnx_data",
        "tokenizer/merges.txt",
        "tokenizer/special_tokens_map.json",
        "tokenizer/tokenizer_config.json",
        "tokenizer/vocab.json",
        "tokenizer_2/merges.txt",
        "tokenizer_2/special_tokens_map.json",
        "tokenizer_2/tokenizer_config.json",
        "tokenizer_2/vocab.json",
        "unet/config.json",
        "unet/model.onnx",
        "unet/model.onnx_data",
        "vae_decoder/config.json",
        "vae_decoder/model.onnx",
      ].sort(),
    );
  });

  it("adds the VAE encoder for image-to-image, and legacy weights.pb files", () => {
    const files = diffusionRepoFiles({ files: [...SDXL_TURBO, "unet/weights.pb"], task: "image-to-image" });
    expect(files).toContain("vae_encoder/model.onnx");
    expect(files).toContain("vae_encoder/config.json");
    expect(files).toContain("unet/weights.pb");
  });
});
