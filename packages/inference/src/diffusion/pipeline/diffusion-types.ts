import type { SchedulerName } from "../schedulers/scheduler-config.js";
import type { DiffusionFamily } from "../layout/read-diffusion-layout.js";
import type { DiffusionImageInput, GeneratedImage } from "../image/raw-image.js";

/** Values used where a generation call leaves a parameter out. */
export interface DiffusionDefaults {
  /** Denoising steps. */
  steps: number;
  /** Classifier-free guidance scale; ≤ 1 turns guidance off. */
  guidanceScale: number;
  /** Image width in pixels (text-to-image; image-to-image keeps the input's size). */
  width: number;
  /** Image height in pixels. */
  height: number;
  /** Image-to-image strength. */
  strength: number;
}

/** What each denoising step reports. */
export interface DiffusionProgressEvent {
  /** What is running now. */
  phase: "text-encoding" | "vae-encoding" | "denoising" | "vae-decoding";
  /** 0-based index of the image being made. */
  image: number;
  /** Images in this call. */
  images: number;
  /** Denoising steps finished for this image. */
  step: number;
  /** Denoising steps per image (after `strength` for image-to-image). */
  steps: number;
  /** Denoising steps finished over the whole call: drive a progress bar and its ETA with these two. */
  completed: number;
  /** Denoising steps in the whole call (`steps × images`). */
  total: number;
  /** Milliseconds since the call started. */
  elapsedMs: number;
}

/** Parameters shared by text-to-image and image-to-image. */
export interface DiffusionGenerationParams {
  /** What the image should show. */
  prompt: string;
  /** What it should not show (used when guidance is on). @default "" */
  negativePrompt?: string;
  /** Denoising steps. @default the pipeline's defaults (Turbo: 1, image-to-image 2) */
  steps?: number;
  /** Classifier-free guidance scale; ≤ 1 runs no guidance (Turbo models want 0). @default the pipeline's defaults */
  guidanceScale?: number;
  /** Width in pixels, a multiple of 8. @default the model's native size (or, for image-to-image, the input's) */
  width?: number;
  /** Height in pixels, a multiple of 8. @default as width */
  height?: number;
  /** Seed of the first image; image k uses seed + k. @default a random seed, returned in the result */
  seed?: number;
  /** How many images to make, one after another. @default 1 */
  numImages?: number;
  /** Use this scheduler instead of the model's own. @default the one `scheduler_config.json` names */
  scheduler?: SchedulerName;
  /** Called after every denoising step and at each phase change. */
  onProgress?: (event: DiffusionProgressEvent) => void;
  /** Checked between steps; aborting throws an `AbortError` and leaves the pipeline usable. */
  signal?: AbortSignal;
}

/** Parameters of text-to-image generation. */
export type TextToImageParams = DiffusionGenerationParams;

/** Parameters of image-to-image generation. */
export interface ImageToImageParams extends DiffusionGenerationParams {
  /** The picture to start from: a path, encoded bytes, or raw pixels. */
  image: DiffusionImageInput;
  /** How far to move away from the input, 0–1: the fraction of the schedule that is re-run. @default the pipeline's defaults (0.5) */
  strength?: number;
}

/** The parameters a generation actually ran with (for metadata, history and reproduction). */
export interface ResolvedGenerationParams {
  task: "text-to-image" | "image-to-image";
  prompt: string;
  negativePrompt: string;
  steps: number;
  guidanceScale: number;
  width: number;
  height: number;
  seed: number;
  numImages: number;
  /** Image-to-image only. */
  strength: number | undefined;
  scheduler: SchedulerName;
}

/** What a generation returns. */
export interface DiffusionResult {
  images: GeneratedImage[];
  params: ResolvedGenerationParams;
  /** Denoising steps each image ran (fewer than `steps` for image-to-image). */
  stepsRun: number;
  /** The `_class_name` of a scheduler config hftool does not implement, replaced by Euler. */
  schedulerFallbackFrom: string | undefined;
  /** Prompt tokens beyond CLIP's 77 that the model did not see. */
  truncatedTokens: number;
  model: { dir: string; family: DiffusionFamily; pipelineClass: string | undefined };
  /** Where the time went, in milliseconds. */
  timings: {
    textEncodingMs: number;
    vaeEncodingMs: number;
    denoisingMs: number;
    /** The part of `denoisingMs` spent inside the UNet's `session.run`; the rest is scheduler and guidance work. */
    unetMs: number;
    vaeDecodingMs: number;
    totalMs: number;
  };
}
