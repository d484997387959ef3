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
export { findFfmpeg, type FindFfmpegParams } from "./audio/find-ffmpeg.js";

export type { Cue } from "./subtitles/cue.js";
export { formatTimestamp } from "./subtitles/format-timestamp.js";
export { formatSrt } from "./subtitles/format-srt.js";
export { formatVtt } from "./subtitles/format-vtt.js";
export { groupWordsIntoCues, type GroupWordsIntoCuesParams } from "./subtitles/group-words-into-cues.js";

export type {
  LoadPipelineParams,
  Pipeline,
  PipelineProgress,
  PipelineRunOptions,
} from "./pipelines/pipeline.js";
export type {
  AudioResult,
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

export {
  renderTaskOutput,
  type RenderTaskOutputParams,
  type RenderedOutput,
} from "./output/render-task-output.js";

// ── text-to-image diffusion (src/diffusion/**) ─────────────────────────────
