import type { RasterImage } from "../../image/raster-image.js";
import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { loadVisionModel } from "./load-vision-model.js";
import { VisionPipeline } from "./vision-pipeline.js";
import type { DepthResult } from "./vision-results.js";

type TransformersDepth = {
  predicted_depth: { data: Float32Array; dims: number[] };
  depth: { data: Uint8Array | Uint8ClampedArray; width: number; height: number; channels: number };
};

/**
 * Depth estimation (Depth Anything, DPT, GLPN, …) through transformers.js: a depth map the
 * picture's size, scaled to 0-255 for the PNG, with the model's own range for the JSON.
 */
export class DepthEstimationPipeline extends VisionPipeline<DepthResult> {
  readonly task = "depth-estimation";

  protected prepare() {
    return {};
  }

  protected async predict(
    image: RasterImage,
    _params: Record<string, unknown>,
    _options: PipelineRunOptions,
  ) {
    const { predicted_depth, depth } = (await this.loaded.call(this.modelImage(image))) as TransformersDepth;
    let min = Infinity;
    let max = -Infinity;
    for (const v of predicted_depth.data) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const data =
      depth.channels === 1
        ? new Uint8Array(depth.data.buffer, depth.data.byteOffset, depth.data.length)
        : Uint8Array.from({ length: depth.width * depth.height }, (_, p) => depth.data[p * depth.channels]!);
    return {
      kind: "depth" as const,
      depth: { data, width: depth.width, height: depth.height, channels: 1 as const },
      min,
      max,
      type: this.config.depth_estimation_type === "metric" ? ("metric" as const) : ("relative" as const),
      width: depth.width,
      height: depth.height,
    };
  }
}

/** Loads a depth estimation model (`onnx/model.onnx` returning `predicted_depth`). */
export async function createDepthEstimationPipeline(
  params: LoadPipelineParams,
): Promise<DepthEstimationPipeline> {
  return new DepthEstimationPipeline(
    await loadVisionModel({
      ...params,
      task: "depth-estimation",
      transformersTask: "depth-estimation",
      expected: "a depth estimation model (Depth Anything, DPT)",
    }),
  );
}
