export {
  AudioDecodeError,
  DeviceUnavailableError,
  InferenceError,
  ModelFormatError,
} from "./errors/errors.js";

export {
  loadOnnxRuntime,
  setOnnxLogLevel,
  getOnnxLogLevel,
  type OnnxLogLevel,
  type OnnxRuntime,
} from "./runtime/load-onnxruntime.js";
export {
  executionProvidersFor,
  type ExecutionProvider,
  type ExecutionProvidersForParams,
} from "./runtime/execution-providers-for.js";
export {
  resolveDevice,
  autoDeviceOrder,
  type DeviceAttempt,
  type ResolveDeviceParams,
  type ResolvedDevice,
} from "./runtime/resolve-device.js";
export { createSession, type CreateSessionParams } from "./runtime/create-session.js";

export {
  selectModelFiles,
  type ModelFile,
  type ModelFileSelection,
  type SelectModelFilesParams,
} from "./model/select-model-files.js";
export { listModelFolder, type ListModelFolderParams } from "./model/list-model-folder.js";
export { onnxFileName, DTYPE_SUFFIXES } from "./model/onnx-file-name.js";

export type { DecodedAudio } from "./audio/decoded-audio.js";
export { decodeAudio, type DecodeAudioParams } from "./audio/decode-audio.js";
export { resampleAudio, type ResampleAudioParams } from "./audio/resample-audio.js";
export { encodeWav, type EncodeWavParams } from "./audio/encode-wav.js";
export {
  encodeAudio,
  checkAudioOutput,
  AUDIO_OUTPUT_FORMATS,
  type EncodeAudioParams,
} from "./audio/encode-audio.js";
export { findFfmpeg, type FindFfmpegParams } from "./audio/find-ffmpeg.js";

export type { Cue } from "./subtitles/cue.js";
export { formatTimestamp } from "./subtitles/format-timestamp.js";
export { formatSrt } from "./subtitles/format-srt.js";
export { formatVtt } from "./subtitles/format-vtt.js";
export { formatTsv } from "./subtitles/format-tsv.js";
export { encodeImage, IMAGE_OUTPUT_FORMATS, type EncodeImageParams } from "./image/encode-image.js";
export { groupWordsIntoCues, type GroupWordsIntoCuesParams } from "./subtitles/group-words-into-cues.js";

export type {
  LoadPipelineParams,
  Pipeline,
  PipelineProgress,
  PipelineRunOptions,
} from "./pipelines/pipeline.js";
export type {
  AudioResult,
  GeneratedPng,
  ImageResult,
  SpeechSegmentsResult,
  TaskResult,
  TranscriptionResult,
} from "./pipelines/task-result.js";
export type { AudioInput } from "./pipelines/prepare-audio.js";
export { loadPipeline, type LoadTaskPipelineParams, type TaskInput } from "./pipelines/load-pipeline.js";
export { PIPELINE_TASKS } from "./pipelines/pipeline-tasks.js";
export {
  createVoiceActivityPipeline,
  VoiceActivityPipeline,
  type CreateVoiceActivityPipelineParams,
  type VoiceActivityParams,
} from "./pipelines/vad/voice-activity-pipeline.js";
export {
  speechSegmentsFromProbabilities,
  type SpeechSegment,
  type SpeechSegmentsFromProbabilitiesParams,
} from "./pipelines/vad/speech-segments-from-probabilities.js";
export {
  createSpeechRecognitionPipeline,
  SpeechRecognitionPipeline,
  type CreateSpeechRecognitionPipelineParams,
  type SpeechRecognitionParams,
} from "./pipelines/asr/speech-recognition-pipeline.js";
export {
  planAudioChunks,
  type AudioChunk,
  type PlanAudioChunksParams,
} from "./pipelines/asr/plan-audio-chunks.js";
export {
  createSpeechSynthesisPipeline,
  SpeechSynthesisPipeline,
  type SpeechSynthesisParams,
} from "./pipelines/tts/speech-synthesis-pipeline.js";
export { splitSentences } from "./pipelines/tts/split-sentences.js";

// ── vision (src/pipelines/vision/**, src/image/**) ─────────────────────────
export type { ImageInput, RasterImage } from "./image/raster-image.js";
export { decodeImage, type DecodeImageParams, type DecodedRasterImage } from "./image/decode-image.js";
export { sniffFileKind, type SniffedFileKind } from "./image/sniff-file-kind.js";
export { encodeRasterPng, type EncodeRasterPngParams } from "./image/encode-raster-png.js";
export {
  drawLabelledBoxes,
  type DrawLabelledBoxesParams,
  type LabelledBox,
} from "./image/draw-labelled-boxes.js";
export { overlayMasks, type ColouredMask, type OverlayMasksParams } from "./image/overlay-masks.js";
export { labelColour, colourHex } from "./image/label-colour.js";
export { VISION_TASKS, type VisionTask } from "./pipelines/vision/vision-tasks.js";
export type {
  CaptionResult,
  CutoutResult,
  DepthResult,
  DetectedObject,
  DetectionsResult,
  ImageLabelsResult,
  ImageSegment,
  PixelBox,
  ScoredLabel,
  SegmentsResult,
  UpscaledImageResult,
  VisionResult,
} from "./pipelines/vision/vision-results.js";
export { VisionPipeline } from "./pipelines/vision/vision-pipeline.js";
export {
  createVisionPipeline,
  type CreateVisionPipelineParams,
} from "./pipelines/vision/create-vision-pipeline.js";
export {
  createImageClassificationPipeline,
  ImageClassificationPipeline,
  type ImageClassificationParams,
} from "./pipelines/vision/image-classification-pipeline.js";
export {
  createZeroShotImageClassificationPipeline,
  ZeroShotImageClassificationPipeline,
  type ZeroShotImageClassificationParams,
} from "./pipelines/vision/zero-shot-image-classification-pipeline.js";
export {
  createObjectDetectionPipeline,
  ObjectDetectionPipeline,
  type ObjectDetectionParams,
} from "./pipelines/vision/object-detection-pipeline.js";
export {
  createImageSegmentationPipeline,
  ImageSegmentationPipeline,
  type ImageSegmentationParams,
} from "./pipelines/vision/image-segmentation-pipeline.js";
export {
  createBackgroundRemovalPipeline,
  BackgroundRemovalPipeline,
  type BackgroundRemovalParams,
} from "./pipelines/vision/background-removal-pipeline.js";
export {
  createDepthEstimationPipeline,
  DepthEstimationPipeline,
} from "./pipelines/vision/depth-estimation-pipeline.js";
export {
  createImageToTextPipeline,
  ImageToTextPipeline,
  type ImageToTextParams,
} from "./pipelines/vision/image-to-text-pipeline.js";
export {
  createImageUpscalingPipeline,
  ImageUpscalingPipeline,
  type ImageUpscalingParams,
} from "./pipelines/vision/image-upscaling-pipeline.js";
export { planTiles, type TileSpan } from "./pipelines/vision/plan-tiles.js";
export { renderVisionOutput, type RenderVisionOutputParams } from "./output/render-vision-output.js";
export { visionResultToJson } from "./output/vision-result-to-json.js";

// ── text tasks (src/pipelines/text/**) ──────────────────────────────────────
export type {
  AnswersResult,
  EmbeddingsResult,
  EntitiesResult,
  FinishReason,
  GeneratedTextResult,
  LabelScore,
  MaskFill,
  MaskFillsResult,
  Pooling,
  TextAnswer,
  TextEntity,
  TextLabelsResult,
  TextTaskResult,
} from "./pipelines/text/text-results.js";
export {
  createTextPipeline,
  TEXT_PIPELINE_TASKS,
  type CreateTextPipelineParams,
} from "./pipelines/text/create-text-pipeline.js";
export {
  prepareTextTaskInput,
  type ChatMessage,
  type PreparedTextInput,
  type PrepareTextTaskInputParams,
} from "./pipelines/text/prepare-text-task-input.js";
export {
  TextClassificationPipeline,
  createTextClassificationPipeline,
  type TextClassificationParams,
} from "./pipelines/text/text-classification-pipeline.js";
export {
  ZeroShotClassificationPipeline,
  createZeroShotClassificationPipeline,
  type ZeroShotClassificationParams,
} from "./pipelines/text/zero-shot-classification-pipeline.js";
export {
  TokenClassificationPipeline,
  createTokenClassificationPipeline,
  type TokenClassificationParams,
} from "./pipelines/text/token-classification-pipeline.js";
export {
  QuestionAnsweringPipeline,
  createQuestionAnsweringPipeline,
  type QuestionAnsweringParams,
} from "./pipelines/text/question-answering-pipeline.js";
export {
  FillMaskPipeline,
  createFillMaskPipeline,
  type FillMaskParams,
} from "./pipelines/text/fill-mask-pipeline.js";
export {
  Text2TextPipeline,
  createText2TextPipeline,
  type Text2TextParams,
} from "./pipelines/text/text2text-pipeline.js";
export {
  TextGenerationPipeline,
  createTextGenerationPipeline,
  type TextGenerationParams,
} from "./pipelines/text/text-generation-pipeline.js";
export {
  FeatureExtractionPipeline,
  createFeatureExtractionPipeline,
  type FeatureExtractionParams,
} from "./pipelines/text/feature-extraction-pipeline.js";
export { sampleToken, type SamplingSettings } from "./pipelines/text/generation/sample-token.js";
export {
  TextCollector,
  type Detokenizer,
  type TextCollectorParams,
} from "./pipelines/text/generation/text-collector.js";
export { encodeNpy, type EncodeNpyParams } from "./output/encode-npy.js";
export { textResultToJson } from "./output/text-result-to-json.js";
export { renderTextResult, type RenderTextResultParams } from "./output/render-text-result.js";

export {
  renderTaskOutput,
  type RenderTaskOutputParams,
  type RenderedOutput,
} from "./output/render-task-output.js";

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
export {
  diffusionParamsFromRecord,
  type DiffusionParamValues,
} from "./diffusion/pipeline/diffusion-params-from-record.js";
export {
  checkDiffusionParams,
  type CheckDiffusionParamsParams,
} from "./diffusion/pipeline/check-diffusion-params.js";
export {
  selectDiffusionFiles,
  type SelectDiffusionFilesParams,
} from "./diffusion/layout/select-diffusion-files.js";
export {
  createImageGenerationPipeline,
  ImageGenerationPipeline,
  type CreateImageGenerationPipelineParams,
  type ImageGenerationInput,
} from "./pipelines/image-generation/image-generation-pipeline.js";
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
