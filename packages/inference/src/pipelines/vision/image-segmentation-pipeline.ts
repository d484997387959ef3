import { basename } from "node:path";
import { UsageError } from "@hftool/core";
import type { RasterImage } from "../../image/raster-image.js";
import { labelColour } from "../../image/label-colour.js";
import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { loadVisionModel } from "./load-vision-model.js";
import { maskStats } from "./mask-stats.js";
import { semanticLabelMap } from "./semantic-label-map.js";
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
    if (subtask === "semantic") return this.semantic(image, params);
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

  /**
   * Semantic segmentation without transformers.js's post-processing, which upsamples every
   * label's logits to the picture's size before taking the argmax (150 labels on a 1080p photo:
   * 1.2 GB and seconds): the label map is computed row by row from the low-resolution logits
   * (`semanticLabelMap`), and each region's mask, size and box come from one pass over it.
   */
  private async semantic(image: RasterImage, params: Record<string, unknown>): Promise<SegmentsResult> {
    const call = this.loaded.call as unknown as ModelCall;
    const inputs = await call.processor([this.modelImage(image)]);
    const session = call.model.sessions.model;
    if (session && !session.inputNames.includes("pixel_values") && session.inputNames.length === 1) {
      inputs[session.inputNames[0]!] = inputs.pixel_values;
    }
    const output = await call.model(inputs);
    const logits = output.logits ?? output[session?.outputNames[0] ?? ""];
    if (!logits || logits.dims.length !== 4)
      throw new Error("the model returned no [batch, labels, height, width] logits");
    const [, channels, height, width] = logits.dims as [number, number, number, number];
    const { width: outWidth, height: outHeight } = image;
    const { labels, counts } = semanticLabelMap({
      logits: logits.data.subarray(0, channels * height * width),
      channels,
      height,
      width,
      outHeight,
      outWidth,
    });
    const id2label = (this.config.id2label as Record<string, string> | undefined) ?? {};
    const present = counts.flatMap((count, id) => (count > 0 ? [id] : []));
    const slot = new Int32Array(channels).fill(-1);
    present.forEach((id, index) => (slot[id] = index));
    const masks = present.map(() => new Uint8Array(outWidth * outHeight));
    const boxes = present.map(() => ({ xmin: outWidth, ymin: outHeight, xmax: 0, ymax: 0 }));
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        const p = y * outWidth + x;
        const index = slot[labels[p]!]!;
        masks[index]![p] = 255;
        const box = boxes[index]!;
        if (x < box.xmin) box.xmin = x;
        if (x >= box.xmax) box.xmax = x + 1;
        if (y < box.ymin) box.ymin = y;
        if (y >= box.ymax) box.ymax = y + 1;
      }
    }
    const total = outWidth * outHeight;
    return {
      kind: "segments" as const,
      subtask: "semantic",
      segments: present.map((id, index) => ({
        label: id2label[String(id)] ?? `LABEL_${id}`,
        score: null,
        mask: { data: masks[index]!, width: outWidth, height: outHeight, channels: 1 as const },
        pixels: counts[id]!,
        fraction: counts[id]! / total,
        box: boxes[index]!,
        colour: labelColour(index),
      })),
      width: outWidth,
      height: outHeight,
      image,
      opacity: params.opacity as number,
    };
  }
}

type TensorLike = { data: Float32Array; dims: number[] };
type ModelCall = {
  processor: (images: unknown[]) => Promise<Record<string, unknown>>;
  model: ((inputs: Record<string, unknown>) => Promise<Record<string, TensorLike>>) & {
    sessions: Record<string, { inputNames: string[]; outputNames: string[] }>;
  };
};

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
