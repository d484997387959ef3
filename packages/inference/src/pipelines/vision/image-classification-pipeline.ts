import type { RasterImage } from "../../image/raster-image.js";
import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { loadVisionModel } from "./load-vision-model.js";
import { integerParam } from "./vision-params.js";
import { VisionPipeline } from "./vision-pipeline.js";
import type { ImageLabelsResult, ScoredLabel } from "./vision-results.js";

/** Parameters of image classification (`-- --top_k 3`), as in core's task registry. */
export interface ImageClassificationParams {
  /** How many labels to return, best first. @default 5 */
  top_k?: number;
}

/** Image classification (ViT, ResNet, ConvNeXt, …) through transformers.js. */
export class ImageClassificationPipeline extends VisionPipeline<ImageLabelsResult> {
  readonly task = "image-classification";

  /** Labels the model knows, by id. */
  get labels(): string[] {
    return Object.values((this.config.id2label as Record<string, string> | undefined) ?? {});
  }

  protected prepare(params: Readonly<Record<string, unknown>>) {
    return { top_k: integerParam(params, "top_k", 5) };
  }

  protected async predict(image: RasterImage, params: Record<string, unknown>, _options: PipelineRunOptions) {
    const known = this.labels.length;
    const topK = known > 0 ? Math.min(params.top_k as number, known) : (params.top_k as number);
    const labels = (await this.loaded.call(this.modelImage(image), { top_k: topK })) as ScoredLabel[];
    return {
      kind: "image-labels" as const,
      labels: labels.map(({ label, score }) => ({ label: String(label), score })),
      width: image.width,
      height: image.height,
    };
  }
}

/**
 * Loads an image classifier from a folder laid out like its Hub repo (`config.json` with
 * `id2label`, `preprocessor_config.json`, `onnx/model.onnx`).
 */
export async function createImageClassificationPipeline(
  params: LoadPipelineParams,
): Promise<ImageClassificationPipeline> {
  return new ImageClassificationPipeline(
    await loadVisionModel({
      ...params,
      task: "image-classification",
      transformersTask: "image-classification",
      expected: "an image classification model (ViT, ResNet, ConvNeXt, …)",
    }),
  );
}
