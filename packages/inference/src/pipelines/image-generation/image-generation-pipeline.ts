import { InputError, type Dtype } from "@hftool/core";
import type { InferenceSession } from "onnxruntime-node";
import { DiffusionParamError } from "../../diffusion/errors.js";
import { encodePng } from "../../diffusion/image/encode-png.js";
import type { DiffusionTask } from "../../diffusion/layout/read-diffusion-layout.js";
import type { DiffusionPipeline } from "../../diffusion/pipeline/diffusion-pipeline.js";
import { diffusionParamsFromRecord } from "../../diffusion/pipeline/diffusion-params-from-record.js";
import type {
  DiffusionDefaults,
  DiffusionProgressEvent,
  DiffusionResult,
} from "../../diffusion/pipeline/diffusion-types.js";
import { loadDiffusionPipeline } from "../../diffusion/pipeline/load-diffusion-pipeline.js";
import type { ResolvedDevice } from "../../runtime/resolve-device.js";
import type { LoadPipelineParams, Pipeline, PipelineProgress, PipelineRunOptions } from "../pipeline.js";
import type { ImageResult } from "../task-result.js";
import { deviceFor } from "../device-for.js";

/** What an image generation pipeline takes: the prompt (text-to-image) or the starting image (image-to-image). */
export type ImageGenerationInput = string | Uint8Array;

/** Parameters of {@link createImageGenerationPipeline}. */
export interface CreateImageGenerationPipelineParams extends LoadPipelineParams {
  /** A diffusers ONNX pipeline folder (`model_index.json`, `unet/`, `vae_decoder/`, …). */
  model: string;
  task: DiffusionTask;
  /** Values for parameters a run leaves out (e.g. a registry entry's); the rest come from the model. */
  defaults?: Partial<DiffusionDefaults>;
  /** Extra ONNX Runtime session options for every component. */
  sessionOptions?: InferenceSession.SessionOptions;
}

const STAGES: Readonly<Record<DiffusionProgressEvent["phase"], string>> = {
  "text-encoding": "encoding the prompt",
  "vae-encoding": "encoding the image",
  denoising: "denoising",
  "vae-decoding": "decoding the image",
};

/**
 * Stable Diffusion text-to-image and image-to-image as a task pipeline (`loadPipeline`): the
 * input is the prompt, or the starting image with the prompt in `params.prompt`; parameters are
 * named as on the command line (`steps`, `guidance_scale`, `negative_prompt`, `width`, `height`,
 * `seed`, `num_images`, `strength`, `scheduler`); every image comes back as a PNG with its seed,
 * and the result says which parameters really ran. Progress is reported per denoising step;
 * an aborted signal stops between steps.
 */
export class ImageGenerationPipeline implements Pipeline<ImageGenerationInput, ImageResult> {
  readonly #diffusion: DiffusionPipeline;

  constructor(
    diffusion: DiffusionPipeline,
    readonly task: DiffusionTask,
    readonly modelPath: string,
    readonly notices: readonly string[],
  ) {
    this.#diffusion = diffusion;
  }

  get device(): ResolvedDevice {
    return this.#diffusion.device;
  }

  /** The UNet's precision, read from its input types. */
  get dtype(): Dtype {
    return this.#diffusion.dtype;
  }

  /** The loaded diffusion pipeline, for callers that want its own API. */
  get diffusion(): DiffusionPipeline {
    return this.#diffusion;
  }

  async run(input: ImageGenerationInput, options: PipelineRunOptions = {}): Promise<ImageResult> {
    const { params: values } = diffusionParamsFromRecord(options.params ?? {});
    const common = {
      ...values,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: progressReporter(options.onProgress) } : {}),
    };
    let result: DiffusionResult;
    if (this.task === "text-to-image") {
      if (typeof input !== "string") {
        throw new InputError("text-to-image takes a prompt (text), not bytes.", {
          code: "INPUT_WRONG_KIND",
          hint: 'hftool -t text-to-image -i "a lighthouse at dawn"',
        });
      }
      result = await this.#diffusion.textToImage({ ...common, prompt: values.prompt ?? input });
    } else {
      if (values.prompt === undefined) {
        throw new DiffusionParamError(
          "prompt",
          undefined,
          "image-to-image needs a prompt: what should the new image show?",
          {
            hint: 'hftool -t image-to-image -i photo.png --prompt "the same scene as a watercolor"',
          },
        );
      }
      result = await this.#diffusion.imageToImage({ ...common, prompt: values.prompt, image: input });
    }
    return imageResult(result);
  }

  dispose(): Promise<void> {
    return this.#diffusion.dispose();
  }
}

/** Turns the diffusion pipeline's events into task-pipeline progress: steps done of all steps. */
function progressReporter(onProgress: (progress: PipelineProgress) => void) {
  return (event: DiffusionProgressEvent) =>
    onProgress({
      stage: STAGES[event.phase],
      done: event.completed,
      total: event.total,
      unit: "steps",
      ...(event.images > 1 ? { detail: `image ${event.image + 1} of ${event.images}` } : {}),
    });
}

async function imageResult(result: DiffusionResult): Promise<ImageResult> {
  const images = await Promise.all(
    result.images.map(async (image) => ({
      png: new Uint8Array(await encodePng({ image })),
      width: image.width,
      height: image.height,
      seed: image.seed,
    })),
  );
  const { params, timings } = result;
  const first = images[0]!;
  const notices: string[] = [];
  if (result.truncatedTokens > 0) {
    notices.push(
      `The prompt is ${result.truncatedTokens} token${result.truncatedTokens === 1 ? "" : "s"} longer than the 77 the text encoder reads; the end was left out.`,
    );
  }
  if (result.schedulerFallbackFrom) {
    notices.push(
      `The model's scheduler (${result.schedulerFallbackFrom}) is not one hftool implements; it ran as ${params.scheduler} with the same noise schedule (--scheduler picks another).`,
    );
  }
  return {
    kind: "image",
    png: first.png,
    width: first.width,
    height: first.height,
    images,
    generation: {
      prompt: params.prompt,
      negative_prompt: params.negativePrompt,
      steps: params.steps,
      guidance_scale: params.guidanceScale,
      width: params.width,
      height: params.height,
      seed: params.seed,
      num_images: params.numImages,
      ...(params.strength !== undefined ? { strength: params.strength, steps_run: result.stepsRun } : {}),
      scheduler: params.scheduler,
    },
    timings: {
      text_encoding: timings.textEncodingMs,
      ...(params.strength !== undefined ? { vae_encoding: timings.vaeEncodingMs } : {}),
      denoising: timings.denoisingMs,
      unet: timings.unetMs,
      vae_decoding: timings.vaeDecodingMs,
    },
    ...(notices.length > 0 ? { notices } : {}),
  };
}

/**
 * Loads Stable Diffusion (SD 1.x/2.x/Turbo, SDXL/SDXL-Turbo, fp32 or fp16) from a diffusers ONNX
 * folder as a task pipeline for text-to-image or image-to-image, on the device asked for
 * (`auto`: the best one that loads).
 */
export async function createImageGenerationPipeline(
  params: CreateImageGenerationPipelineParams,
): Promise<ImageGenerationPipeline> {
  const device = await deviceFor(params);
  const diffusion = await loadDiffusionPipeline({
    modelDir: params.model,
    task: params.task,
    device,
    ...(params.defaults ? { defaults: params.defaults } : {}),
    ...(params.sessionOptions ? { sessionOptions: params.sessionOptions } : {}),
    ...(params.signal ? { signal: params.signal } : {}),
  });
  // `dtype` is not a choice here: a diffusers ONNX export holds one precision, which the pipeline
  // reads from the UNet (`selectModelFiles` says so before download when a registry entry knows it).
  return new ImageGenerationPipeline(diffusion, params.task, params.model, []);
}
