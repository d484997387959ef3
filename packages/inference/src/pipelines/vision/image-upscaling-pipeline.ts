import { AbortError } from "@hftool/core";
import { loadSharp } from "../../diffusion/image/load-sharp.js";
import type { RasterImage } from "../../image/raster-image.js";
import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { loadVisionModel } from "./load-vision-model.js";
import { planTiles } from "./plan-tiles.js";
import { toRgbImage } from "./to-rgb-image.js";
import { integerParam } from "./vision-params.js";
import { VisionPipeline } from "./vision-pipeline.js";
import type { UpscaledImageResult } from "./vision-results.js";

/** Parameters of image upscaling (`-- --tile_size 256`), as in core's task registry. */
export interface ImageUpscalingParams {
  /** Largest piece upscaled at once, in input pixels; 0 upscales the whole picture in one pass. @default 512 */
  tile_size?: number;
  /** Context each tile reads beyond the part of it that is kept, in input pixels. @default 16 */
  tile_overlap?: number;
}

type ModelCall = {
  processor: (images: unknown[]) => Promise<Record<string, unknown>>;
  model: (inputs: Record<string, unknown>) => Promise<Record<string, { data: Float32Array; dims: number[] }>>;
};

function crop(image: RasterImage & { channels: 3 }, x: number, y: number, width: number, height: number) {
  const out = new Uint8Array(width * height * 3);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * 3;
    out.set(image.data.subarray(from, from + width * 3), row * width * 3);
  }
  return out;
}

/**
 * Super-resolution (Swin2SR) through transformers.js's image-to-image pipeline. The result is
 * exactly `scale` times the input on each side: Swin2SR pads its input to a multiple of its
 * window and returns the padding enlarged too, which is cut off here. Large pictures are
 * upscaled in overlapping tiles (memory stays bounded; no seams), and transparency is kept:
 * the alpha channel is enlarged with Lanczos, since the models only see RGB.
 */
export class ImageUpscalingPipeline extends VisionPipeline<UpscaledImageResult> {
  readonly task = "image-upscaling";

  /** The factor the model enlarges by, from config.json (`upscale`), when it says. */
  get scale(): number | undefined {
    const scale = this.config.upscale;
    return typeof scale === "number" && Number.isInteger(scale) && scale > 0 ? scale : undefined;
  }

  protected prepare(params: Readonly<Record<string, unknown>>) {
    return {
      tile_size: integerParam(params, "tile_size", 512, 0),
      tile_overlap: integerParam(params, "tile_overlap", 16, 0),
    };
  }

  protected async predict(image: RasterImage, params: Record<string, unknown>, options: PipelineRunOptions) {
    // the alpha channel is enlarged on its own and put back: the model gets the colours as they are
    const rgb = toRgbImage(image, false);
    const { RawImage } = this.loaded.transformers;
    const tile = params.tile_size as number;
    const overlap = params.tile_overlap as number;
    const rows = planTiles(rgb.height, tile, overlap);
    const columns = planTiles(rgb.width, tile, overlap);
    const total = rows.length * columns.length;
    const call = this.loaded.call as unknown as ModelCall;
    let scale = this.scale;
    // the processor pads to a multiple of pad_size: the factor is output over padded input
    const preprocessor = this.loaded.preprocessor;
    const pad = preprocessor.do_pad === false ? 1 : Math.max(1, Number(preprocessor.pad_size) || 1);
    const padded = (n: number) => Math.ceil(n / pad) * pad;
    let out: Uint8Array | undefined;
    let done = 0;
    for (const row of rows) {
      for (const column of columns) {
        if (options.signal?.aborted) throw new AbortError();
        options.onProgress?.({ stage: "upscaling", done, total, unit: "steps" });
        const width = column.end - column.start;
        const height = row.end - row.start;
        const input = new RawImage(crop(rgb, column.start, row.start, width, height), width, height, 3);
        // the processor and model are called directly: transformers.js's post-processing makes
        // five full-size passes (squeeze, clamp, scale, round, CHW→HWC); one pass over the kept
        // part does the same
        const inputs = await call.processor([input]);
        const { reconstruction } = await call.model(inputs);
        if (!reconstruction || reconstruction.dims.length !== 4 || reconstruction.dims[1] !== 3) {
          throw new Error("the model returned no [batch, 3, height, width] reconstruction");
        }
        const [, , resultHeight, resultWidth] = reconstruction.dims as [number, number, number, number];
        scale ??= Math.max(1, Math.round(resultWidth / padded(width)));
        if (resultWidth < width * scale || resultHeight < height * scale) {
          throw new Error(
            `the model returned ${resultWidth}×${resultHeight} for a ${width}×${height} input at ${scale}×`,
          );
        }
        out ??= new Uint8Array(rgb.width * scale * rgb.height * scale * 3);
        const data = reconstruction.data;
        const planeSize = resultWidth * resultHeight;
        const outWidth = rgb.width * scale;
        const x0 = (column.keepStart - column.start) * scale;
        const keepWidth = (column.keepEnd - column.keepStart) * scale;
        for (let y = row.keepStart * scale; y < row.keepEnd * scale; y++) {
          const source = (y - row.start * scale) * resultWidth + x0;
          let target = (y * outWidth + column.keepStart * scale) * 3;
          for (let x = 0; x < keepWidth; x++) {
            for (let c = 0; c < 3; c++) {
              const v = data[c * planeSize + source + x]!;
              out[target++] = v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
            }
          }
        }
        done++;
      }
    }
    options.onProgress?.({ stage: "upscaling", done: total, total, unit: "steps" });
    const width = rgb.width * scale!;
    const height = rgb.height * scale!;
    let upscaled: RasterImage = { data: out!, width, height, channels: 3 };
    if (image.channels === 4 || image.channels === 2) upscaled = await withScaledAlpha(upscaled, image);
    return {
      kind: "upscaled" as const,
      image: upscaled,
      scale: scale!,
      inputWidth: image.width,
      inputHeight: image.height,
    };
  }
}

/** Adds the input's alpha channel, enlarged to the output's size with Lanczos. */
async function withScaledAlpha(rgb: RasterImage, input: RasterImage): Promise<RasterImage> {
  const pixels = input.width * input.height;
  const alpha = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) alpha[p] = input.data[p * input.channels + input.channels - 1]!;
  const sharp = await loadSharp();
  const scaled = await sharp(alpha, { raw: { width: input.width, height: input.height, channels: 1 } })
    .resize(rgb.width, rgb.height, { kernel: "lanczos3", fit: "fill" })
    .raw()
    .toBuffer();
  const out = new Uint8Array(rgb.width * rgb.height * 4);
  for (let p = 0; p < rgb.width * rgb.height; p++) {
    out[p * 4] = rgb.data[p * 3]!;
    out[p * 4 + 1] = rgb.data[p * 3 + 1]!;
    out[p * 4 + 2] = rgb.data[p * 3 + 2]!;
    out[p * 4 + 3] = scaled[p]!;
  }
  return { data: out, width: rgb.width, height: rgb.height, channels: 4 };
}

/**
 * Loads a super-resolution model laid out like Xenova/swin2SR-classical-sr-x2-64
 * (`onnx/model.onnx` returning `reconstruction`, `upscale` in config.json).
 */
export async function createImageUpscalingPipeline(
  params: LoadPipelineParams,
): Promise<ImageUpscalingPipeline> {
  return new ImageUpscalingPipeline(
    await loadVisionModel({
      ...params,
      task: "image-upscaling",
      transformersTask: "image-to-image",
      expected: "a super-resolution model (Swin2SR)",
    }),
  );
}
