/** The vision tasks `loadPipeline` runs, each through its transformers.js pipeline. */
export const VISION_TASKS = [
  "image-classification",
  "zero-shot-image-classification",
  "object-detection",
  "image-segmentation",
  "background-removal",
  "depth-estimation",
  "image-to-text",
  "image-upscaling",
] as const;

export type VisionTask = (typeof VISION_TASKS)[number];
