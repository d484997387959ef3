import { DTYPES, resolveTask, UsageError, type Dtype } from "@hftool/core";
import { selectDiffusionFiles } from "../diffusion/layout/select-diffusion-files.js";
import { ModelFormatError } from "../errors/errors.js";
import { DTYPE_SUFFIXES } from "./onnx-file-name.js";
import { VISION_TASKS } from "../pipelines/vision/vision-tasks.js";

/** A file of a model repo or folder. */
export interface ModelFile {
  /** Path inside the repo, with `/` separators (`onnx/model.onnx`). */
  path: string;
  /** Size in bytes, when known. */
  size?: number;
}

/** Parameters of {@link selectModelFiles}. */
export interface SelectModelFilesParams {
  /** Task name or alias. */
  task: string;
  /** Every file of the repo (from the Hub's file list, or a local folder's). */
  files: readonly (ModelFile | string)[];
  /** `auto`, or the variant to load (`fp32`, `fp16`, `q8`, `q4`, …). @default "auto" */
  dtype?: string;
  /** The variant `auto` means for this model (a registry entry's recommendation). @default "fp32" */
  defaultDtype?: Dtype;
  /** Name of the model in messages (repo id or folder). @default "the model" */
  model?: string;
}

/** The files a task needs from a model, for one weight variant. */
export interface ModelFileSelection {
  /** Canonical task name. */
  task: string;
  /** The variant that will load. */
  dtype: Dtype;
  /** What was asked for. */
  requestedDtype: Dtype | "auto";
  /** The variant asked for is missing and another is used instead: says which and why. */
  fallbackNotice?: string;
  /** Weight variants present for every session this task loads. */
  availableDtypes: Dtype[];
  /** ONNX sessions the pipeline loads, by base name (`encoder_model`, `decoder_model_merged`). */
  sessions: string[];
  /** Folder of the ONNX files inside the repo: `onnx` (the usual layout) or `` (repo root). */
  onnxFolder: string;
  /** ONNX files of the chosen variant, external data included. */
  onnxFiles: string[];
  /** Every file to fetch or to find locally (configs, tokenizer, weights), as exact repo paths. */
  files: string[];
  /** Patterns for a download's `include` (the exact paths of `files`). */
  include: string[];
  /** Total size of `files`, when every size is known. */
  sizeBytes?: number;
}

/** Session sets a task's pipelines can load, preferred first. */
const SESSION_SETS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  "automatic-speech-recognition": [["encoder_model", "decoder_model_merged"], ["model"]],
  "text-to-speech": [["model"], ["text_encoder", "latent_denoiser", "voice_decoder"]],
  "voice-activity-detection": [["model"]],
  // decoder-only repos exported before transformers.js 3 name their session decoder_model_merged
  "text-generation": [["model"], ["decoder_model_merged"]],
  summarization: [["encoder_model", "decoder_model_merged"]],
  translation: [["encoder_model", "decoder_model_merged"]],
  "text2text-generation": [["encoder_model", "decoder_model_merged"]],
  "text-classification": [["model"]],
  "zero-shot-classification": [["model"]],
  "token-classification": [["model"]],
  "question-answering": [["model"]],
  "fill-mask": [["model"]],
  "feature-extraction": [["model"]],
};
const DEFAULT_SESSION_SETS: readonly (readonly string[])[] = [
  ["model"],
  ["encoder_model", "decoder_model_merged"],
];

/** Tasks whose pipeline is transformers.js, which needs the model's config.json. */
const NEEDS_CONFIG = new Set([
  "automatic-speech-recognition",
  "text-to-speech",
  ...VISION_TASKS,
  "text-generation",
  "text-classification",
  "zero-shot-classification",
  "token-classification",
  "question-answering",
  "fill-mask",
  "summarization",
  "translation",
  "text2text-generation",
  "feature-extraction",
]);

// .jinja: chat templates kept in their own file (chat_template.jinja)
const SUPPORT_FILE = /^[^/]+\.(json|txt|model|tiktoken|jinja)$/i;
const WEIGHT_FILE = /\.(safetensors|bin|pt|pth|h5|msgpack|ckpt|gguf|ot|tflite|onnx)$/i;
const SUFFIX_ORDER = Object.entries(DTYPE_SUFFIXES)
  .filter(([, suffix]) => suffix !== "")
  .sort(([, a], [, b]) => b.length - a.length) as [Dtype, string][];

function parseOnnx(path: string, folder: string): { base: string; dtype: Dtype } | undefined {
  const prefix = folder ? `${folder}/` : "";
  if (!path.startsWith(prefix)) return undefined;
  const name = path.slice(prefix.length);
  if (name.includes("/") || !name.endsWith(".onnx")) return undefined;
  const stem = name.slice(0, -".onnx".length);
  for (const [dtype, suffix] of SUFFIX_ORDER) {
    if (stem.endsWith(suffix) && stem.length > suffix.length)
      return { base: stem.slice(0, -suffix.length), dtype };
  }
  return { base: stem, dtype: "fp32" };
}

/**
 * Decides which files of a model repo a task needs for one weight variant, from the repo's file
 * list alone, so a download fetches only those (a Whisper repo holds a dozen variants of each
 * session). Finds which ONNX sessions the task's pipeline loads (`encoder_model` +
 * `decoder_model_merged` for Whisper, `model` for VITS or Silero VAD), picks the variant — the
 * one asked for, else the model's default, else the first present in fp32, fp16, q8, … order,
 * with a notice saying so — and adds the configs and tokenizer files at the repo root.
 *
 * Text-to-image and image-to-image repos (the diffusers ONNX layout) are checked and picked by
 * `selectDiffusionFiles`.
 *
 * @throws {ModelFormatError} when the repo has no ONNX weights for this task (with what to do),
 *   or lacks the config.json its pipeline needs.
 * @throws {DiffusionModelError} for a diffusion repo that lacks a component.
 * @throws {UsageError} for an unknown dtype name.
 */
export function selectModelFiles(params: SelectModelFilesParams): ModelFileSelection {
  const task = resolveTask(params.task);
  if (task.name === "text-to-image" || task.name === "image-to-image") {
    // diffusers pipelines: one folder per component, not onnx/<session>_<dtype>.onnx
    return selectDiffusionFiles({ ...params, task: task.name });
  }
  const model = params.model ?? "the model";
  const files = params.files.map((f) => (typeof f === "string" ? { path: f } : f));
  const byPath = new Map(files.map((f) => [f.path, f]));
  const requested = (params.dtype ?? "auto").trim().toLowerCase() as Dtype | "auto";
  if (requested !== "auto" && !(DTYPES as readonly string[]).includes(requested)) {
    throw new UsageError(`Unknown dtype '${requested}'.`, {
      hint: `Use auto or one of: ${DTYPES.join(", ")}.`,
    });
  }

  const folder = files.some((f) => parseOnnx(f.path, "onnx")) ? "onnx" : "";
  const variants = new Map<string, Set<Dtype>>();
  for (const file of files) {
    const parsed = parseOnnx(file.path, folder);
    if (!parsed) continue;
    if (!variants.has(parsed.base)) variants.set(parsed.base, new Set());
    variants.get(parsed.base)!.add(parsed.dtype);
  }
  if (variants.size === 0) {
    const hasOtherWeights = files.some((f) => WEIGHT_FILE.test(f.path));
    throw new ModelFormatError(
      model,
      hasOtherWeights
        ? `${model} has no ONNX weights (only PyTorch/safetensors files), and hftool runs ONNX models.`
        : `${model} has no ONNX model files.`,
      {
        code: "NO_ONNX_WEIGHTS",
        hint:
          `Pick an ONNX version of it (Hub repos by onnx-community or Xenova, e.g. 'hftool models -t ${task.name}'), ` +
          "or convert it with 'optimum-cli export onnx --model <repo> <folder>' and pass -m <folder>.",
      },
    );
  }

  const sets = SESSION_SETS[task.name] ?? DEFAULT_SESSION_SETS;
  const sessions = sets.find((set) => set.every((base) => variants.has(base)));
  if (!sessions) {
    const found = [...variants.keys()].map((b) => `${folder ? `${folder}/` : ""}${b}.onnx`).join(", ");
    const wanted = sets.map((set) => set.map((b) => `${b}.onnx`).join(" + ")).join(", or ");
    throw new ModelFormatError(
      model,
      `${model} has ONNX files (${found}), but not the ones ${task.name} needs: ${wanted}.`,
      {
        code: "NO_ONNX_WEIGHTS",
        hint: `Is it a ${task.name} model? 'hftool models -t ${task.name}' lists models that work.`,
      },
    );
  }

  const availableDtypes = DTYPES.filter((d) => sessions.every((base) => variants.get(base)!.has(d)));
  const preferred = requested === "auto" ? (params.defaultDtype ?? "fp32") : requested;
  const order = [preferred, params.defaultDtype ?? "fp32", ...DTYPES];
  const dtype = order.find((d) => availableDtypes.includes(d));
  if (!dtype) {
    const perSession = sessions.map((b) => `${b}: ${[...variants.get(b)!].join(", ")}`).join("; ");
    throw new ModelFormatError(
      model,
      `${model} has no weight variant present for all of its sessions (${perSession}).`,
      {
        code: "NO_ONNX_WEIGHTS",
        hint: "The repo looks incomplete; try another revision or model.",
      },
    );
  }
  let fallbackNotice: string | undefined;
  if (dtype !== preferred) {
    fallbackNotice =
      `${model} has no ${preferred} weights` +
      `${requested === "auto" ? " (its recommended variant)" : ""}; using ${dtype} instead ` +
      `(available: ${availableDtypes.join(", ")}).`;
  }

  if (NEEDS_CONFIG.has(task.name) && !byPath.has("config.json")) {
    throw new ModelFormatError(model, `${model} has no config.json, which the ${task.name} pipeline needs.`, {
      code: "MODEL_CONFIG_MISSING",
      hint: "Point -m at the model's top folder (the one with config.json and onnx/), or use a complete Hub repo.",
    });
  }

  const prefix = folder ? `${folder}/` : "";
  const onnxFiles: string[] = [];
  for (const base of sessions) {
    const name = `${prefix}${base}${DTYPE_SUFFIXES[dtype]}.onnx`;
    onnxFiles.push(name);
    // external data: model.onnx_data, model.onnx_data_1, …
    for (const file of files) if (file.path.startsWith(`${name}_data`)) onnxFiles.push(file.path);
  }
  const support = files
    .map((f) => f.path)
    .filter((p) => SUPPORT_FILE.test(p) || (task.name === "text-to-speech" && /^voices\/[^/]+$/.test(p)));
  const selected = [...new Set([...support, ...onnxFiles])];
  const sizes = selected.map((p) => byPath.get(p)?.size);
  return {
    task: task.name,
    dtype,
    requestedDtype: requested,
    ...(fallbackNotice ? { fallbackNotice } : {}),
    availableDtypes,
    sessions: [...sessions],
    onnxFolder: folder,
    onnxFiles,
    files: selected,
    include: selected,
    ...(sizes.every((s) => s !== undefined) ? { sizeBytes: sizes.reduce((a, b) => a! + b!, 0) } : {}),
  };
}
