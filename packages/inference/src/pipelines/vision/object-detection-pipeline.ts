import type { RasterImage } from "../../image/raster-image.js";
import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { clampBox } from "./clamp-box.js";
import { loadVisionModel } from "./load-vision-model.js";
import { numberParam } from "./vision-params.js";
import { VisionPipeline } from "./vision-pipeline.js";
import type { DetectedObject, DetectionsResult, PixelBox } from "./vision-results.js";

/** Parameters of object detection (`-- --threshold 0.7`), as in core's task registry. */
export interface ObjectDetectionParams {
  /** Lowest score kept (0-1). @default 0.9 */
  threshold?: number;
}

/** Object detection (DETR, YOLOS, RT-DETR, …) through transformers.js. */
export class ObjectDetectionPipeline extends VisionPipeline<DetectionsResult> {
  readonly task = "object-detection";

  protected prepare(params: Readonly<Record<string, unknown>>) {
    return { threshold: numberParam(params, "threshold", 0.9, { min: 0, max: 1 }) };
  }

  protected async predict(image: RasterImage, params: Record<string, unknown>, _options: PipelineRunOptions) {
    const found = (await this.loaded.call(this.modelImage(image), {
      threshold: params.threshold,
      percentage: false,
    })) as { label: string | undefined; score: number; box: PixelBox }[];
    const objects: DetectedObject[] = [];
    for (const { label, score, box } of found) {
      // boxes that overhang the picture are cut to it; ones wholly outside are not objects in it
      const clamped = clampBox(box, image.width, image.height);
      if (clamped) objects.push({ label: label ?? "object", score, box: clamped });
    }
    objects.sort((a, b) => b.score - a.score);
    return { kind: "detections" as const, objects, width: image.width, height: image.height, image };
  }
}

/** Loads an object detector (`onnx/model.onnx` returning `logits` and `pred_boxes`, `id2label`). */
export async function createObjectDetectionPipeline(
  params: LoadPipelineParams,
): Promise<ObjectDetectionPipeline> {
  return new ObjectDetectionPipeline(
    await loadVisionModel({
      ...params,
      task: "object-detection",
      transformersTask: "object-detection",
      expected: "an object detection model (DETR, YOLOS)",
    }),
  );
}
