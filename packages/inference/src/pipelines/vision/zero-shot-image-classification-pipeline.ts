import { UsageError } from "@hftool/core";
import type { RasterImage } from "../../image/raster-image.js";
import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { loadVisionModel } from "./load-vision-model.js";
import { labelsParam } from "./vision-params.js";
import { VisionPipeline } from "./vision-pipeline.js";
import type { ImageLabelsResult, ScoredLabel } from "./vision-results.js";

/** Parameters of zero-shot image classification (`--labels cat,dog`), as in core's task registry. */
export interface ZeroShotImageClassificationParams {
  /** Candidate labels: a list, or one comma-separated string. Required. */
  labels?: string[] | string;
  /** Sentence each label is put into before it is compared with the picture. @default "This is a photo of {}." */
  hypothesis_template?: string;
}

/**
 * Zero-shot image classification (CLIP, SigLIP) through transformers.js: scores a picture
 * against labels chosen at run time. CLIP's scores are a softmax over the labels given (they sum
 * to 1); SigLIP scores each label on its own.
 */
export class ZeroShotImageClassificationPipeline extends VisionPipeline<ImageLabelsResult> {
  readonly task = "zero-shot-image-classification";

  protected prepare(params: Readonly<Record<string, unknown>>) {
    const labels = labelsParam(params);
    if (labels.length === 0) {
      throw new UsageError("zero-shot-image-classification needs the labels to choose from: --labels.", {
        details: { param: "labels" },
        hint: 'Example: hftool -t zero-shot-image -i photo.jpg --labels "cat,dog,a red car"',
      });
    }
    const template = params.hypothesis_template ?? "This is a photo of {}.";
    if (typeof template !== "string" || !template.includes("{}")) {
      throw new UsageError(
        `--hypothesis_template must contain {} where the label goes, not ${JSON.stringify(template)}.`,
        {
          hint: 'Example: -- --hypothesis_template "a drawing of {}"',
        },
      );
    }
    return { labels, hypothesis_template: template };
  }

  protected async predict(image: RasterImage, params: Record<string, unknown>, _options: PipelineRunOptions) {
    const labels = (await this.loaded.call(this.modelImage(image), params.labels, {
      hypothesis_template: params.hypothesis_template,
    })) as ScoredLabel[];
    return {
      kind: "image-labels" as const,
      labels: labels.map(({ label, score }) => ({ label, score })),
      width: image.width,
      height: image.height,
    };
  }
}

/**
 * Loads a CLIP-style model (`onnx/model.onnx` with text and vision towers, its tokenizer and
 * preprocessor config) for zero-shot image classification.
 */
export async function createZeroShotImageClassificationPipeline(
  params: LoadPipelineParams,
): Promise<ZeroShotImageClassificationPipeline> {
  return new ZeroShotImageClassificationPipeline(
    await loadVisionModel({
      ...params,
      task: "zero-shot-image-classification",
      transformersTask: "zero-shot-image-classification",
      expected: "a CLIP or SigLIP model with its tokenizer",
    }),
  );
}
