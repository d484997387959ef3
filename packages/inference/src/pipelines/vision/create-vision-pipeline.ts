import { resolveTask, UsageError } from "@hftool/core";
import type { ImageInput } from "../../image/raster-image.js";
import type { LoadPipelineParams, Pipeline } from "../pipeline.js";
import { createBackgroundRemovalPipeline } from "./background-removal-pipeline.js";
import { createDepthEstimationPipeline } from "./depth-estimation-pipeline.js";
import { createImageClassificationPipeline } from "./image-classification-pipeline.js";
import { createImageSegmentationPipeline } from "./image-segmentation-pipeline.js";
import { createImageToTextPipeline } from "./image-to-text-pipeline.js";
import { createImageUpscalingPipeline } from "./image-upscaling-pipeline.js";
import { createObjectDetectionPipeline } from "./object-detection-pipeline.js";
import type { VisionResult } from "./vision-results.js";
import { VISION_TASKS, type VisionTask } from "./vision-tasks.js";
import { createZeroShotImageClassificationPipeline } from "./zero-shot-image-classification-pipeline.js";

/** Parameters of {@link createVisionPipeline}. */
export interface CreateVisionPipelineParams extends LoadPipelineParams {
  /** A vision task's name or alias (`detect`, `depth`, `upscale`, …). */
  task: string;
}

/**
 * Loads the pipeline of a vision task from a model folder: image classification, zero-shot
 * image classification, object detection, image segmentation, background removal, depth
 * estimation, image-to-text and image upscaling.
 *
 * @throws {UsageError} for a task that is not a vision task.
 */
export async function createVisionPipeline(
  params: CreateVisionPipelineParams,
): Promise<Pipeline<ImageInput, VisionResult>> {
  const { task: name, ...load } = params;
  const task = resolveTask(name).name;
  if (!(VISION_TASKS as readonly string[]).includes(task)) {
    throw new UsageError(`${task} is not a vision task.`, {
      hint: `Vision tasks: ${VISION_TASKS.join(", ")}.`,
    });
  }
  switch (task as VisionTask) {
    case "image-classification":
      return createImageClassificationPipeline(load);
    case "zero-shot-image-classification":
      return createZeroShotImageClassificationPipeline(load);
    case "object-detection":
      return createObjectDetectionPipeline(load);
    case "image-segmentation":
      return createImageSegmentationPipeline(load);
    case "background-removal":
      return createBackgroundRemovalPipeline(load);
    case "depth-estimation":
      return createDepthEstimationPipeline(load);
    case "image-to-text":
      return createImageToTextPipeline(load);
    case "image-upscaling":
      return createImageUpscalingPipeline(load);
  }
}
