import { describe, expect, it } from "@jest/globals";
import { tinyDiffusionRepoFiles, type TinyDiffusionComponent } from "@hftool/test-utils";
import { selectModelFiles } from "../../model/select-model-files.js";
import { DiffusionModelError } from "../errors.js";

const MB = 1024 * 1024;
/** onnxruntime/sd-turbo's layout: one fp16 Olive export, external data beside the UNet. */
const SD_TURBO = [
  { path: ".gitattributes", size: 1 },
  { path: "README.md", size: 1 },
  { path: "model_index.json", size: 1 },
  { path: "scheduler/scheduler_config.json", size: 1 },
  { path: "text_encoder/config.json", size: 1 },
  { path: "text_encoder/model.onnx", size: 680 * MB },
  { path: "tokenizer/merges.txt", size: 1 },
  { path: "tokenizer/special_tokens_map.json", size: 1 },
  { path: "tokenizer/tokenizer_config.json", size: 1 },
  { path: "tokenizer/vocab.json", size: 1 },
  { path: "unet/config.json", size: 1 },
  { path: "unet/model.onnx", size: 1 * MB },
  { path: "unet/model.onnx.data", size: 1730 * MB },
  { path: "vae_decoder/config.json", size: 1 },
  { path: "vae_decoder/model.onnx", size: 99 * MB },
  { path: "vae_encoder/config.json", size: 1 },
  { path: "vae_encoder/model.onnx", size: 68 * MB },
];

function without(...components: TinyDiffusionComponent[]): string[] {
  return [...tinyDiffusionRepoFiles({ omit: components }).keys()];
}

describe("selectModelFiles for diffusion repos", () => {
  it("picks the pipeline's files for the task, with their size, from the file list alone", () => {
    const t2i = selectModelFiles({
      task: "t2i",
      files: SD_TURBO,
      model: "onnxruntime/sd-turbo",
      defaultDtype: "fp16",
    });
    expect(t2i).toMatchObject({
      task: "text-to-image",
      dtype: "fp16",
      requestedDtype: "auto",
      onnxFolder: "",
    });
    expect(t2i.fallbackNotice).toBeUndefined();
    expect(t2i.sessions).toEqual(["text_encoder", "unet", "vae_decoder"]);
    expect(t2i.onnxFiles).toEqual([
      "text_encoder/model.onnx",
      "unet/model.onnx",
      "unet/model.onnx.data",
      "vae_decoder/model.onnx",
    ]);
    expect(t2i.include).toEqual(t2i.files);
    expect(t2i.files).not.toContain("README.md");
    expect(t2i.files.some((f) => f.startsWith("vae_encoder/"))).toBe(false);
    expect(t2i.sizeBytes).toBe((680 + 1 + 1730 + 99) * MB + 9);

    const i2i = selectModelFiles({ task: "img2img", files: SD_TURBO, model: "onnxruntime/sd-turbo" });
    expect(i2i.files).toEqual(expect.arrayContaining(["vae_encoder/model.onnx", "vae_encoder/config.json"]));
    expect(i2i.sessions).toContain("vae_encoder");
  });

  it("says a repo holds one precision when another is asked for", () => {
    const fp32 = selectModelFiles({
      task: "t2i",
      files: SD_TURBO,
      model: "sd",
      dtype: "fp32",
      defaultDtype: "fp16",
    });
    expect(fp32.dtype).toBe("fp16");
    expect(fp32.fallbackNotice).toBe(
      "sd holds fp16 weights only (a diffusers ONNX export has one precision); using fp16.",
    );
    const unknown = selectModelFiles({ task: "t2i", files: SD_TURBO, model: "sd", dtype: "q4" });
    expect(unknown.fallbackNotice).toMatch(/fp32 or fp16 exports, not q4/);
    expect(selectModelFiles({ task: "t2i", files: SD_TURBO, dtype: "fp16" }).dtype).toBe("fp16");
    expect(() => selectModelFiles({ task: "t2i", files: SD_TURBO, dtype: "fp64" })).toThrow(
      /Unknown dtype 'fp64'/,
    );
  });

  it.each([
    ["unet", /has no unet\/model.onnx: the UNet \(the denoiser\) is missing/],
    ["vae_decoder", /has no vae_decoder\/model.onnx/],
    ["text_encoder", /has no text_encoder\/model.onnx/],
    ["tokenizer", /has no tokenizer\/vocab.json and merges.txt/],
    ["scheduler", /has no scheduler\/scheduler_config.json/],
  ] as const)("names a missing %s before anything is downloaded", (component, message) => {
    let error: unknown;
    try {
      selectModelFiles({ task: "t2i", files: without(component), model: "org/broken" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DiffusionModelError);
    expect(error).toMatchObject({ code: "DIFFUSION_COMPONENT_MISSING", component });
    expect((error as Error).message).toMatch(message);
    expect((error as DiffusionModelError).hint).toBeTruthy();
  });

  it("refuses image-to-image without a VAE encoder but allows text-to-image", () => {
    const files = without("vae_encoder");
    expect(selectModelFiles({ task: "t2i", files }).files.length).toBeGreaterThan(5);
    expect(() => selectModelFiles({ task: "i2i", files, model: "m" })).toThrow(
      expect.objectContaining({ component: "vae_encoder", hint: expect.stringContaining("text-to-image") }),
    );
  });

  it("explains a PyTorch-only diffusers repo and a repo that is no pipeline", () => {
    expect(() =>
      selectModelFiles({
        task: "t2i",
        model: "stabilityai/sd-turbo",
        files: [
          "model_index.json",
          "scheduler/scheduler_config.json",
          "tokenizer/vocab.json",
          "tokenizer/merges.txt",
          "text_encoder/model.fp16.safetensors",
          "unet/diffusion_pytorch_model.fp16.safetensors",
        ],
      }),
    ).toThrow(/stabilityai\/sd-turbo has PyTorch weights but no ONNX file for text_encoder/);
    expect(() =>
      selectModelFiles({ task: "t2i", model: "org/whisper", files: ["onnx/encoder_model.onnx"] }),
    ).toThrow(expect.objectContaining({ code: "DIFFUSION_NOT_A_PIPELINE" }));
  });
});
