import { AbortError, isHftoolError, type Dtype } from "@hftool/core";
import { InferenceError } from "../../errors/errors.js";
import type { ImageInput, RasterImage } from "../../image/raster-image.js";
import type { ResolvedDevice } from "../../runtime/resolve-device.js";
import type { Pipeline, PipelineRunOptions } from "../pipeline.js";
import type { LoadedVisionModel } from "./load-vision-model.js";
import { readImageInput } from "./read-image-input.js";
import { toRgbImage } from "./to-rgb-image.js";

/**
 * What every vision pipeline shares: it takes a file path, encoded bytes or pixels, decodes them
 * (EXIF orientation applied), hands the model an RGB picture (alpha composed over white), and
 * reports a failure inside the model as an {@link InferenceError}. Subclasses implement `predict`.
 */
export abstract class VisionPipeline<Result> implements Pipeline<ImageInput, Result> {
  abstract readonly task: string;

  constructor(protected readonly loaded: LoadedVisionModel) {}

  get modelPath(): string {
    return this.loaded.dir;
  }
  get device(): ResolvedDevice {
    return this.loaded.device;
  }
  get dtype(): Dtype {
    return this.loaded.dtype;
  }
  get notices(): readonly string[] {
    return this.loaded.notices;
  }
  /** The model's config.json. */
  get config(): Readonly<Record<string, unknown>> {
    return this.loaded.config;
  }

  async run(input: ImageInput, options: PipelineRunOptions = {}): Promise<Result> {
    if (options.signal?.aborted) throw new AbortError();
    const image = await readImageInput(input, this.task, options.signal);
    const params = options.params ?? {};
    // parameters are checked before the model runs, so a typo costs nothing
    const prepared = this.prepare(params);
    try {
      return await this.predict(image, prepared, options);
    } catch (error) {
      if (isHftoolError(error)) throw error;
      throw new InferenceError(
        `${this.task} failed in ${this.modelPath}: ${error instanceof Error ? error.message : String(error)}`,
        {
          hint: "HFTOOL_DEBUG=1 shows where. If the model folder is damaged, download it again with --force.",
          cause: error,
        },
      );
    }
  }

  /** Checks and normalises the task's parameters. @throws {UsageError} */
  protected abstract prepare(params: Readonly<Record<string, unknown>>): Record<string, unknown>;

  protected abstract predict(
    image: RasterImage,
    params: Record<string, unknown>,
    options: PipelineRunOptions,
  ): Promise<Result>;

  /** The picture as transformers.js takes it: an RGB `RawImage`. */
  protected modelImage(image: RasterImage): unknown {
    const rgb = toRgbImage(image);
    return new this.loaded.transformers.RawImage(rgb.data, rgb.width, rgb.height, 3);
  }

  async dispose(): Promise<void> {
    await this.loaded.call.dispose();
  }
}
