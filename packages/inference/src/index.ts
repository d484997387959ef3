export { variantFileName } from "./variant-file-name.js";

// ── text-to-image diffusion (src/diffusion/**) ─────────────────────────────
export {
  loadDiffusionPipeline,
  type LoadDiffusionPipelineParams,
} from "./diffusion/pipeline/load-diffusion-pipeline.js";
export { DiffusionPipeline } from "./diffusion/pipeline/diffusion-pipeline.js";
export type {
  DiffusionDefaults,
  DiffusionGenerationParams,
  DiffusionProgressEvent,
  DiffusionResult,
  ImageToImageParams,
  ResolvedGenerationParams,
  TextToImageParams,
} from "./diffusion/pipeline/diffusion-types.js";
export { diffusionParamsFromRecord } from "./diffusion/pipeline/diffusion-params-from-record.js";
export {
  readDiffusionLayout,
  type DiffusionComponentFiles,
  type DiffusionFamily,
  type DiffusionLayout,
  type DiffusionTask,
  type ReadDiffusionLayoutParams,
} from "./diffusion/layout/read-diffusion-layout.js";
export {
  diffusionRepoFiles,
  type DiffusionRepoFilesParams,
} from "./diffusion/layout/diffusion-repo-files.js";
export { DiffusionModelError, DiffusionParamError, type DiffusionComponent } from "./diffusion/errors.js";
export { encodePng, type EncodePngParams } from "./diffusion/image/encode-png.js";
export {
  decodeInputImage,
  type DecodeInputImageParams,
  type DecodedImage,
} from "./diffusion/image/decode-input-image.js";
export type { DiffusionImageInput, GeneratedImage, RawImage } from "./diffusion/image/raw-image.js";
export {
  ClipTokenizer,
  type ClipEncoding,
  type ClipTokenizerData,
} from "./diffusion/tokenizer/clip-tokenizer.js";
export {
  loadClipTokenizer,
  type LoadClipTokenizerParams,
} from "./diffusion/tokenizer/load-clip-tokenizer.js";
export {
  createScheduler,
  schedulerForClass,
  type CreateSchedulerParams,
} from "./diffusion/schedulers/create-scheduler.js";
export {
  SCHEDULER_NAMES,
  SCHEDULER_CLASS_NAMES,
  resolveSchedulerConfig,
  type SchedulerConfig,
  type SchedulerName,
  type PredictionType,
  type TimestepSpacing,
} from "./diffusion/schedulers/scheduler-config.js";
export type {
  DiffusionScheduler,
  SchedulerStepParams,
  SchedulerStepResult,
} from "./diffusion/schedulers/diffusion-scheduler.js";
export { EulerDiscreteScheduler } from "./diffusion/schedulers/euler-discrete-scheduler.js";
export { EulerAncestralScheduler } from "./diffusion/schedulers/euler-ancestral-scheduler.js";
export { DdimScheduler } from "./diffusion/schedulers/ddim-scheduler.js";
export { LcmScheduler } from "./diffusion/schedulers/lcm-scheduler.js";
export { SeededRandom, MAX_SEED } from "./diffusion/random/seeded-random.js";
