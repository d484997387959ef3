import { DTYPES, UsageError, type Dtype } from "@hftool/core";
import type { ModelFile, ModelFileSelection } from "../../model/select-model-files.js";
import { DiffusionModelError, type DiffusionComponent } from "../errors.js";
import { COMPONENT_ROLES, EXPORT_HINT, PYTORCH_WEIGHTS } from "./diffusion-layout-hints.js";
import { diffusionRepoFiles } from "./diffusion-repo-files.js";
import type { DiffusionTask } from "./read-diffusion-layout.js";

/** Parameters of {@link selectDiffusionFiles}. */
export interface SelectDiffusionFilesParams {
  task: DiffusionTask;
  /** Every file of the repo (the Hub's file list) or of a local folder. */
  files: readonly (ModelFile | string)[];
  /** `auto`, `fp32` or `fp16`. Diffusers ONNX exports hold one precision each. @default "auto" */
  dtype?: string;
  /** The precision the repo is known to hold (a registry entry's). */
  defaultDtype?: Dtype;
  /** Name of the model in messages (repo id or folder). @default "the model" */
  model?: string;
}

/**
 * `selectModelFiles` for Stable Diffusion repos: from a repo's file list alone, checks that it is
 * a complete diffusers ONNX pipeline for the task (every component named when one is missing, so
 * nothing is downloaded for a repo that cannot run) and picks the files the pipeline reads
 * ({@link diffusionRepoFiles}), leaving out the PyTorch weights such repos often carry too.
 *
 * A diffusers ONNX export holds one precision (fp16 and fp32 graphs are both `model.onnx`), so
 * there is no variant to choose: `dtype` is what the registry says the repo holds, else what was
 * asked for; the loaded pipeline reads the real one from the UNet's input types.
 *
 * @throws {DiffusionModelError} naming the missing component (`DIFFUSION_COMPONENT_MISSING`), or
 *   `DIFFUSION_NOT_A_PIPELINE` for a repo that is no diffusers pipeline.
 * @throws {UsageError} for an unknown dtype name.
 */
export function selectDiffusionFiles(params: SelectDiffusionFilesParams): ModelFileSelection {
  const { task } = params;
  const model = params.model ?? "the model";
  const files = params.files.map((f) => (typeof f === "string" ? { path: f } : f));
  const paths = new Set(files.map((f) => f.path));
  const requested = (params.dtype ?? "auto").trim().toLowerCase() as Dtype | "auto";
  if (requested !== "auto" && !(DTYPES as readonly string[]).includes(requested)) {
    throw new UsageError(`Unknown dtype '${requested}'.`, {
      hint: `Use auto or one of: ${DTYPES.join(", ")}.`,
    });
  }

  const inFolder = (folder: string) => files.some((f) => f.path.startsWith(`${folder}/`));
  if (!paths.has("model_index.json") && !inFolder("unet")) {
    throw new DiffusionModelError(
      `${model} is not a Stable Diffusion pipeline: it has neither model_index.json nor unet/.`,
      { code: "DIFFUSION_NOT_A_PIPELINE", modelDir: model, hint: EXPORT_HINT },
    );
  }
  const sdxl = inFolder("text_encoder_2") || inFolder("tokenizer_2");
  const missing = (component: DiffusionComponent, message: string, hint: string) =>
    new DiffusionModelError(message, {
      code: "DIFFUSION_COMPONENT_MISSING",
      modelDir: model,
      component,
      hint,
    });
  const again =
    "If it is a download of a complete repo, fetch it again ('hftool download -m <model> --force'); an interrupted copy leaves components missing.";

  if (!paths.has("scheduler/scheduler_config.json")) {
    throw missing(
      "scheduler",
      `${model} has no scheduler/scheduler_config.json.`,
      `Every diffusers pipeline ships its scheduler configuration. ${again}`,
    );
  }
  for (const tokenizer of sdxl ? (["tokenizer", "tokenizer_2"] as const) : (["tokenizer"] as const)) {
    if (!paths.has(`${tokenizer}/vocab.json`) || !paths.has(`${tokenizer}/merges.txt`)) {
      throw missing(
        tokenizer,
        `${model} has no ${tokenizer}/vocab.json and merges.txt: its CLIP tokenizer is missing.`,
        again,
      );
    }
  }
  const graphs: DiffusionComponent[] = [
    "text_encoder",
    ...(sdxl ? (["text_encoder_2"] as const) : []),
    "unet",
    "vae_decoder",
    ...(task === "image-to-image" ? (["vae_encoder"] as const) : []),
  ];
  for (const component of graphs) {
    if (paths.has(`${component}/model.onnx`)) continue;
    const pytorchOnly = PYTORCH_WEIGHTS.some((name) => paths.has(`${component}/${name}`));
    throw missing(
      component,
      pytorchOnly
        ? `${model} has PyTorch weights but no ONNX file for ${component}: it is a diffusers PyTorch repo, which hftool cannot run directly.`
        : `${model} has no ${component}/model.onnx: ${COMPONENT_ROLES[component] ?? component} is missing.`,
      pytorchOnly
        ? EXPORT_HINT
        : component === "vae_encoder"
          ? "This model can only do text-to-image; use a model that ships vae_encoder/ for image-to-image."
          : `${again} ${EXPORT_HINT}`,
    );
  }

  const selected = diffusionRepoFiles({ files: files.map((f) => f.path), task });
  const onnxFiles = selected.filter((path) =>
    graphs.some((component) => path.startsWith(`${component}/model.onnx`)),
  );
  const known = params.defaultDtype;
  const dtype: Dtype = known ?? (requested === "fp16" ? "fp16" : "fp32");
  let fallbackNotice: string | undefined;
  if (requested !== "auto" && requested !== dtype) {
    fallbackNotice = known
      ? `${model} holds ${known} weights only (a diffusers ONNX export has one precision); using ${known}.`
      : `Diffusion models are fp32 or fp16 exports, not ${requested}; ${model} runs with the precision its files have.`;
  }
  const sizeOf = new Map(files.map((f) => [f.path, f.size]));
  const sizes = selected.map((path) => sizeOf.get(path));
  return {
    task,
    dtype,
    requestedDtype: requested,
    ...(fallbackNotice ? { fallbackNotice } : {}),
    availableDtypes: known ? [known] : [dtype],
    sessions: graphs,
    onnxFolder: "",
    onnxFiles,
    files: selected,
    include: selected,
    ...(sizes.every((s) => s !== undefined) ? { sizeBytes: sizes.reduce((a, b) => a! + b!, 0) } : {}),
  };
}
