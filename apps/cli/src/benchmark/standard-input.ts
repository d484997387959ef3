import { fileURLToPath } from "node:url";
import type { TaskDefinition } from "@hftool/core";

/** What a benchmark runs when no `-i` is given: the same input and parameters every time. */
export interface StandardInput {
  /** Text, or the path of a file that ships with hftool. */
  input: string;
  /** How results name it (`demo-speech.wav`, `standard text`). */
  label: string;
  params: Record<string, unknown>;
}

/** A 6.7 s English recording (16 kHz mono WAV). */
export const STANDARD_RECORDING = fileURLToPath(new URL("../assets/demo-speech.wav", import.meta.url));
/** A 256×256 PNG landscape. */
export const STANDARD_IMAGE = fileURLToPath(new URL("../assets/landscape.png", import.meta.url));

const PARAGRAPH =
  "Hugging Face hosts thousands of open models. hftool downloads the files a task needs once, keeps them in the " +
  "shared cache, and runs them locally with ONNX Runtime on the CPU or a GPU, so nothing leaves your machine.";

/** Inputs and parameters per task; tasks not listed take {@link PARAGRAPH} as their text. */
const TEXT_INPUTS: Readonly<Record<string, { input: string; params?: Record<string, unknown> }>> = {
  "text-to-speech": { input: "Hello, this is a test of speech synthesis." },
  "text-generation": { input: "Once upon a time", params: { max_new_tokens: 32 } },
  "text-classification": { input: "This is a great product, I love it!" },
  "zero-shot-classification": {
    input: "The new graphics card renders games twice as fast.",
    params: { labels: ["technology", "sports", "politics"] },
  },
  "question-answering": {
    input: "Where do the models run?",
    params: { context: PARAGRAPH },
  },
  "fill-mask": { input: "The capital of France is [MASK]." },
  translation: { input: "Hello, how are you today?" },
  "text-to-image": {
    input: "A colorful sunset over mountains",
    params: { steps: 2, width: 512, height: 512 },
  },
};

const IMAGE_PARAMS: Readonly<Record<string, Record<string, unknown>>> = {
  "zero-shot-image-classification": { labels: ["a landscape", "a portrait", "a cat"] },
  "image-to-image": { prompt: "A watercolor painting", steps: 2 },
  "image-to-text": { max_new_tokens: 20 },
};

/**
 * The standard input of a task's benchmark, so results compare across machines and versions: the
 * recording and the image that ship with hftool, and short fixed texts.
 */
export function standardInput(task: TaskDefinition): StandardInput {
  if (task.input === "audio") return { input: STANDARD_RECORDING, label: "demo-speech.wav", params: {} };
  if (task.input === "image") {
    return { input: STANDARD_IMAGE, label: "landscape.png", params: { ...IMAGE_PARAMS[task.name] } };
  }
  const entry = TEXT_INPUTS[task.name] ?? { input: PARAGRAPH };
  return {
    input: entry.input,
    label: `standard text (${entry.input.length} chars)`,
    params: { ...entry.params },
  };
}
