import { TEXT_PIPELINE_TASKS } from "./text/create-text-pipeline.js";
import { VISION_TASKS } from "./vision/vision-tasks.js";

/**
 * Tasks `loadPipeline` runs in this version, by canonical name. Callers check it before fetching
 * a model, so nothing is downloaded for a task that cannot run yet.
 */
export const PIPELINE_TASKS: readonly string[] = [
  "automatic-speech-recognition",
  "text-to-speech",
  "voice-activity-detection",
  ...TEXT_PIPELINE_TASKS,
  ...VISION_TASKS,
  "text-to-image",
  "image-to-image",
];
