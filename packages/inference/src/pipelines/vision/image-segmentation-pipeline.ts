import { basename } from "node:path";
import { UsageError } from "@hftool/core";
import type { RasterImage } from "../../image/raster-image.js";
import { labelColour } from "../../image/label-colour.js";
import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { loadVisionModel } from "./load-vision-model.js";
import { maskStats } from "./mask-stats.js";
import { choiceParam, numberParam } from "./vision-params.js";
import { VisionPipeline } from "./vision-pipeline.js";
import type { ImageSegment, SegmentsResult } from "./vision-results.js";

/** Parameters of image segmentation (`-- --subtask semantic --opacity 0.6`), as in core's task registry. */
export interface ImageSegmentationParams {
  /** Lowest score of a region kept (panoptic and instance). @default 0.5 */
  threshold?: number;
  /** Threshold that turns the model's soft masks into regions (panoptic and instance). @default 0.5 */
  mask_threshold?: number;
  /** Drop regions mostly covered by better ones (panoptic and instance). @default 0.8 */
  overlap_mask_area_threshold?: number;
  /** `panoptic`, `instance` or `semantic`. @default what the model's processor supports, in that order */
  subtask?: "panoptic" | "instance" | "semantic";
  /** How strongly the colours cover the picture in the PNG overlay (0-1). @default 0.5 */
  opacity?: number;
}

const SUBTASKS = ["panoptic", "instance", "semantic"] as const;

interface TransformersSegment {
  label: string | null;
  score: number | null;
  mask: { data: Uint8Array | Uint8ClampedArray; width: number; height: number; channels: number };
}

/**
 * Image segmentation (DETR panoptic, SegFormer, MaskFormer, …) through transformers.js. Each
 * region comes with its mask, size, box and the colour it gets in the overlay PNG.
 */
export class ImageSegmentationPipeline extends VisionPipeline<SegmentsResult> {
  readonly task = "image-segmentation";

  /** The subtasks this model's processor can post-process, in the order they are preferred. */
  get subtasks(): string[] {
    const processor = (
      this.loaded.call.processor as { image_processor?: Record<string, unknown> } | undefined
    )?.image_processor;
    return SUBTASKS.filter((s) => typeof processor?.[`post_process_${s}_segmentation`] === "function");
  }

  protected prepare(params: Readonly<Record<string, unknown>>) {
    return {
      threshold: numberParam(params, "threshold", 0.5, { min: 0, max: 1 }),
      mask_threshold: numberParam(params, "mask_threshold", 0.5, { min: 0, max: 1 }),
      overlap_mask_area_threshold: numberParam(params, "overlap_mask_area_threshold", 0.8, {
        min: 0,
        max: 1,
      }),
      subtask: choiceParam(params, "subtask", SUBTASKS, undefined),
      opacity: numberParam(params, "opacity", 0.5, { min: 0, max: 1 }),
    };
  }

  protected async predict(image: RasterImage, params: Record<string, unknown>, _options: PipelineRunOptions) {
    const available = this.subtasks;
    const asked = params.subtask as string | undefined;
    if (asked && !available.includes(asked)) {
      throw new UsageError(
        `${basename(this.modelPath)} cannot do ${asked} segmentation${available.length ? `, only ${available.join(", ")}` : ""}.`,
        { hint: available.length ? `Drop --subtask, or use --subtask ${available[0]}.` : "Drop --subtask." },
      );
    }
    const subtask = asked ?? available[0] ?? "mask";
    const found = (await this.loaded.call(this.modelImage(image), {
      threshold: params.threshold,
      mask_threshold: params.mask_threshold,
      overlap_mask_area_threshold: params.overlap_mask_area_threshold,
      ...(params.subtask ? { subtask: params.subtask } : {}),
    })) as TransformersSegment[];
    const total = image.width * image.height;
    const segments: ImageSegment[] = found.map(({ label, score, mask }, index) => {
      const raster: RasterImage = {
        data:
          mask.channels === 1
            ? new Uint8Array(mask.data.buffer, mask.data.byteOffset, mask.data.length)
            : firstChannel(mask),
        width: mask.width,
        height: mask.height,
        channels: 1,
      };
      const { pixels, box } = maskStats(raster);
      return {
        label: label ?? "mask",
        score,
        mask: raster,
        pixels,
        fraction: pixels / total,
        box,
        colour: labelColour(index),
      };
    });
    return {
      kind: "segments" as const,
      subtask,
      segments,
      width: image.width,
      height: image.height,
      image,
      opacity: params.opacity as number,
    };
  }
}

function firstChannel(mask: TransformersSegment["mask"]): Uint8Array {
  const out = new Uint8Array(mask.width * mask.height);
  for (let p = 0; p < out.length; p++) out[p] = mask.data[p * mask.channels]!;
  return out;
}

/**
 * Loads a segmentation model (`onnx/model.onnx` with `id2label`, and a processor config that
 * names its post-processing: DETR panoptic, SegFormer semantic, MaskFormer).
 */
export async function createImageSegmentationPipeline(
  params: LoadPipelineParams,
): Promise<ImageSegmentationPipeline> {
  return new ImageSegmentationPipeline(
    await loadVisionModel({
      ...params,
      task: "image-segmentation",
      transformersTask: "image-segmentation",
      expected: "an image segmentation model (DETR panoptic, SegFormer, MaskFormer)",
    }),
  );
}
