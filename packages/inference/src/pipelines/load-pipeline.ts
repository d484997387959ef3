import { NotSupportedError, resolveTask } from "@hftool/core";
import { createSpeechRecognitionPipeline } from "./asr/speech-recognition-pipeline.js";
import { createImageGenerationPipeline } from "./image-generation/image-generation-pipeline.js";
import type { LoadPipelineParams, Pipeline } from "./pipeline.js";
import { PIPELINE_TASKS } from "./pipeline-tasks.js";
import { createTextPipeline } from "./text/create-text-pipeline.js";
import type { AudioInput } from "./prepare-audio.js";
import type { TaskResult } from "./task-result.js";
import { createSpeechSynthesisPipeline } from "./tts/speech-synthesis-pipeline.js";
import { createVoiceActivityPipeline, type VoiceActivityPipeline } from "./vad/voice-activity-pipeline.js";
import type { ImageInput } from "../image/raster-image.js";
import { createVisionPipeline } from "./vision/create-vision-pipeline.js";

/** What a task pipeline takes: text for text tasks, audio (bytes or samples) for audio tasks, an image (path, bytes or pixels) for vision tasks. */
export type TaskInput = string | AudioInput | ImageInput;

/** Parameters of {@link loadPipeline}. */
export interface LoadTaskPipelineParams extends LoadPipelineParams {
  /** Task name or alias. */
  task: string;
  /** Voice activity model (folder or `.onnx`) that speech recognition uses for `vad: true`. */
  vadModel?: string;
}

/**
 * Loads the pipeline of any task this version runs, from a model folder (or, for voice activity,
 * an `.onnx` file): speech-to-text, text-to-speech, voice activity detection, the vision tasks
 * (image classification, zero-shot image classification, object detection, segmentation,
 * background removal, depth, image-to-text, upscaling), text-to-image and image-to-image
 * (Stable Diffusion; the input is the prompt, or the image with `params.prompt`), and the text
 * tasks (classification, entities, question answering, fill-mask, summarization, translation,
 * text generation, embeddings). The pipeline
 * stays loaded: call `run` as often as needed, then `dispose`.
 *
 * @throws {NotSupportedError} for tasks without a pipeline here (text-to-video: no ONNX pipeline
 *   exists; text and vision tasks: not yet), with what to do instead.
 * @throws {ModelFormatError} / {DeviceUnavailableError} from loading.
 */
export async function loadPipeline(params: LoadTaskPipelineParams): Promise<Pipeline<TaskInput, TaskResult>> {
  const task = resolveTask(params.task);
  if (task.status === "unsupported") {
    throw new NotSupportedError(
      `${task.name} cannot run: ${task.unsupportedReason ?? "there is no ONNX pipeline for it."}`,
      {
        hint:
          task.name === "text-to-video" || task.name === "image-to-video"
            ? "Make frames with hftool -t text-to-image and join them with ffmpeg, or run the model in Python with diffusers (HunyuanVideo, CogVideoX, Wan)."
            : `Run 'hftool tasks' to see what hftool can do.`,
      },
    );
  }
  if (!PIPELINE_TASKS.includes(task.name)) {
    throw new NotSupportedError(`${task.name} has no pipeline in this version of @hftool/inference yet.`, {
      hint: `It runs today: ${PIPELINE_TASKS.join(", ")}. 'hftool tasks' lists every task.`,
    });
  }
  const { task: _task, vadModel, ...load } = params;
  switch (task.name) {
    case "voice-activity-detection":
      return (await createVoiceActivityPipeline(load)) as unknown as Pipeline<TaskInput, TaskResult>;
    case "automatic-speech-recognition": {
      let vad: VoiceActivityPipeline | undefined;
      if (vadModel) vad = await createVoiceActivityPipeline({ model: vadModel });
      const asr = await createSpeechRecognitionPipeline({ ...load, ...(vad ? { vad } : {}) });
      if (vad) {
        const dispose = asr.dispose.bind(asr);
        asr.dispose = async () => {
          await dispose();
          await vad!.dispose();
        };
      }
      return asr as unknown as Pipeline<TaskInput, TaskResult>;
    }
    case "text-to-speech":
      return (await createSpeechSynthesisPipeline(load)) as unknown as Pipeline<TaskInput, TaskResult>;
    case "image-classification":
    case "zero-shot-image-classification":
    case "object-detection":
    case "image-segmentation":
    case "background-removal":
    case "depth-estimation":
    case "image-to-text":
    case "image-upscaling":
      return (await createVisionPipeline({ ...load, task: task.name })) as unknown as Pipeline<
        TaskInput,
        TaskResult
      >;
    case "text-to-image":
    case "image-to-image":
      return (await createImageGenerationPipeline({ ...load, task: task.name })) as unknown as Pipeline<
        TaskInput,
        TaskResult
      >;
    case "text-generation":
    case "text-classification":
    case "zero-shot-classification":
    case "token-classification":
    case "question-answering":
    case "fill-mask":
    case "summarization":
    case "translation":
    case "text2text-generation":
    case "feature-extraction":
      return (await createTextPipeline({ ...load, task: task.name })) as unknown as Pipeline<
        TaskInput,
        TaskResult
      >;
    default:
      throw new NotSupportedError(`${task.name} is listed in PIPELINE_TASKS but has no loader.`);
  }
}
