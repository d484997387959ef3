import type { RasterImage } from "../../image/raster-image.js";
import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { loadVisionModel } from "./load-vision-model.js";
import { integerParam } from "./vision-params.js";
import { VisionPipeline } from "./vision-pipeline.js";
import type { CaptionResult } from "./vision-results.js";

/** Parameters of image-to-text (`-- --max_new_tokens 30`), as in core's task registry. */
export interface ImageToTextParams {
  /** Most tokens to generate. @default 50 */
  max_new_tokens?: number;
}

/**
 * Image captioning (vision encoder-decoder models such as ViT-GPT2) through transformers.js:
 * the encoder reads the picture once, the decoder writes the caption with a KV cache.
 */
export class ImageToTextPipeline extends VisionPipeline<CaptionResult> {
  readonly task = "image-to-text";

  protected prepare(params: Readonly<Record<string, unknown>>) {
    return { max_new_tokens: integerParam(params, "max_new_tokens", 50) };
  }

  protected async predict(image: RasterImage, params: Record<string, unknown>, _options: PipelineRunOptions) {
    const output = (await this.loaded.call(this.modelImage(image), {
      max_new_tokens: params.max_new_tokens,
    })) as { generated_text: string }[];
    return { kind: "caption" as const, text: (output[0]?.generated_text ?? "").trim() };
  }
}

/**
 * Loads an image captioner laid out like Xenova/vit-gpt2-image-captioning
 * (`onnx/encoder_model.onnx`, `onnx/decoder_model_merged.onnx`, tokenizer and processor configs).
 */
export async function createImageToTextPipeline(params: LoadPipelineParams): Promise<ImageToTextPipeline> {
  return new ImageToTextPipeline(
    await loadVisionModel({
      ...params,
      task: "image-to-text",
      transformersTask: "image-to-text",
      expected: "an image captioning model (a vision encoder-decoder such as ViT-GPT2)",
    }),
  );
}
