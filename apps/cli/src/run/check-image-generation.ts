import { UsageError, type TaskDefinition } from "@hftool/core";
import type { RunInput } from "./read-run-input.js";

/** Tasks whose pipeline is Stable Diffusion. */
export function isImageGeneration(task: TaskDefinition): boolean {
  return task.name === "text-to-image" || task.name === "image-to-image";
}

/** Parameters of {@link checkImageGeneration}. */
export interface CheckImageGenerationParams {
  task: TaskDefinition;
  /** The run's merged parameters (registry, config, command line). */
  params: Readonly<Record<string, unknown>>;
  input: RunInput;
  /** `-o -`: the image goes to stdout. */
  toStdout: boolean;
}

/**
 * Checks a text-to-image or image-to-image run before any model is downloaded or loaded: the
 * parameters given (sizes that are multiples of 8, steps ≥ 1, strength in 0-1, …), the prompt,
 * and that an image-to-image input really is an image.
 *
 * @throws {DiffusionParamError} / {InputError} / {UsageError} saying what is wrong and what to do.
 */
export async function checkImageGeneration({
  task,
  params,
  input,
  toStdout,
}: CheckImageGenerationParams): Promise<void> {
  const { checkDiffusionParams, decodeInputImage } = await import("@hftool/inference");
  if (task.name === "text-to-image" && params.prompt !== undefined) {
    throw new UsageError("text-to-image takes its prompt once, with -i (or --prompt alone).", {
      hint: 'hftool -t text-to-image -i "a lighthouse at dawn"',
    });
  }
  const { params: values } = checkDiffusionParams({
    task: task.name as "text-to-image" | "image-to-image",
    params,
    ...(input.kind === "text" ? { prompt: input.text } : {}),
  });
  if (toStdout && (values.numImages ?? 1) > 1) {
    throw new UsageError(`-o - writes one image to stdout, but num_images is ${values.numImages}.`, {
      hint: "Write them to files instead: -o name.png makes name-1.png, name-2.png, …",
    });
  }
  if (task.name === "image-to-image" && input.kind === "file") {
    // decoding now fails fast on a file that is no image (INPUT_NOT_IMAGE), before any download
    await decodeInputImage({
      image: input.data,
      name: input.label,
      ...(values.width !== undefined ? { width: values.width } : {}),
      ...(values.height !== undefined ? { height: values.height } : {}),
    });
  }
}
