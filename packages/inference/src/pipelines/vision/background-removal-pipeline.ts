import type { RasterImage } from "../../image/raster-image.js";
import type { Transformers } from "../../transformers/load-transformers.js";
import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { loadVisionModel } from "./load-vision-model.js";
import { booleanParam } from "./vision-params.js";
import { VisionPipeline } from "./vision-pipeline.js";
import type { CutoutResult } from "./vision-results.js";

/** Parameters of background removal (`-- --mask_only`), as in core's task registry. */
export interface BackgroundRemovalParams {
  /** Return the grey matte (white = foreground) instead of the cut-out. @default false */
  mask_only?: boolean;
}

type MattedImage = { data: Uint8Array | Uint8ClampedArray; width: number; height: number; channels: number };

/**
 * Background removal (MODNet, BRIA RMBG, BiRefNet, ISNet, …) through transformers.js: the
 * picture with its background made transparent. The original pixels are kept (a picture that
 * already had transparency keeps it where the model sees foreground); only the alpha channel is
 * the model's.
 */
export class BackgroundRemovalPipeline extends VisionPipeline<CutoutResult> {
  readonly task = "background-removal";

  protected prepare(params: Readonly<Record<string, unknown>>) {
    return { mask_only: booleanParam(params, "mask_only", false) };
  }

  protected async predict(image: RasterImage, params: Record<string, unknown>, _options: PipelineRunOptions) {
    const matted = (await this.loaded.call(this.modelImage(image))) as MattedImage;
    const { width, height } = image;
    const pixels = width * height;
    if (matted.width !== width || matted.height !== height || matted.channels !== 4) {
      throw new Error(
        `the matte is ${matted.width}×${matted.height}×${matted.channels}, the picture ${width}×${height}`,
      );
    }
    const alpha = new Uint8Array(pixels);
    let sum = 0;
    for (let p = 0; p < pixels; p++) {
      const inputAlpha =
        image.channels === 4 || image.channels === 2
          ? image.data[p * image.channels + image.channels - 1]!
          : 255;
      alpha[p] = Math.round((matted.data[p * 4 + 3]! * inputAlpha) / 255);
      sum += alpha[p]!;
    }
    const foreground = sum / (255 * pixels);
    if (params.mask_only) {
      return {
        kind: "cutout" as const,
        image: { data: alpha, width, height, channels: 1 as const },
        foreground,
        maskOnly: true,
      };
    }
    const colour = image.channels >= 3 ? 3 : 1;
    const out = new Uint8Array(pixels * 4);
    for (let p = 0; p < pixels; p++) {
      for (let c = 0; c < 3; c++) out[p * 4 + c] = image.data[p * image.channels + (colour === 3 ? c : 0)]!;
      out[p * 4 + 3] = alpha[p]!;
    }
    return {
      kind: "cutout" as const,
      image: { data: out, width, height, channels: 4 as const },
      foreground,
      maskOnly: false,
    };
  }
}

/**
 * transformers.js maps a background-removal model to a class by its `model_type`. Some repos
 * carry one it does not know — briaai/RMBG-1.4 says `SegformerForSemanticSegmentation`, a class
 * name — though the ONNX graph is a plain single-session matting model. Those load as a generic
 * matting model (transformers.js's `modnet` type: one `model` session, no special handling).
 */
function genericMattingConfig(config: Record<string, unknown>, transformers: Transformers) {
  const type = String(config.model_type ?? "");
  const classes = [
    transformers.AutoModelForImageSegmentation,
    transformers.AutoModelForSemanticSegmentation,
    transformers.AutoModelForUniversalSegmentation,
  ] as unknown as { supports?(type: string): boolean }[];
  if (classes.some((c) => c.supports?.(type))) return undefined;
  return { ...config, model_type: "modnet" };
}

/**
 * Loads a background-removal (matting) model: one `onnx/model.onnx` taking the picture and
 * returning an alpha matte, with its preprocessor config.
 */
export async function createBackgroundRemovalPipeline(
  params: LoadPipelineParams,
): Promise<BackgroundRemovalPipeline> {
  return new BackgroundRemovalPipeline(
    await loadVisionModel({
      ...params,
      task: "background-removal",
      transformersTask: "background-removal",
      expected: "a background-removal model (MODNet, RMBG, BiRefNet, ISNet)",
      patchConfig: genericMattingConfig,
    }),
  );
}
