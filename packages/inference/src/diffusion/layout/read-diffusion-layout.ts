import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { NotSupportedError } from "@hftool/core";
import { DiffusionModelError, type DiffusionComponent } from "../errors.js";
import { readJsonFile } from "../fs/read-json-file.js";
import { COMPONENT_ROLES, EXPORT_HINT, PYTORCH_WEIGHTS } from "./diffusion-layout-hints.js";

/** Which Stable Diffusion architecture a folder holds. */
export type DiffusionFamily = "sd" | "sdxl";

/** What the pipeline will be asked to do, which decides the components it needs. */
export type DiffusionTask = "text-to-image" | "image-to-image";

/** One ONNX component of the pipeline. */
export interface DiffusionComponentFiles {
  /** Absolute path of the `.onnx` file (its external data, if any, lies beside it). */
  onnx: string;
  /** The component's `config.json`, or `{}` when the folder has none. */
  config: Readonly<Record<string, unknown>>;
}

/** A validated diffusers ONNX pipeline folder. */
export interface DiffusionLayout {
  modelDir: string;
  family: DiffusionFamily;
  /** `_class_name` of `model_index.json` (e.g. `ORTStableDiffusionXLPipeline`), when present. */
  pipelineClass: string | undefined;
  /** `model_index.json`, or `{}` when the folder has none. */
  modelIndex: Readonly<Record<string, unknown>>;
  /** `scheduler/scheduler_config.json`. */
  schedulerConfig: Readonly<Record<string, unknown>>;
  textEncoder: DiffusionComponentFiles;
  /** SDXL's second text encoder (OpenCLIP bigG with projection). */
  textEncoder2: DiffusionComponentFiles | undefined;
  unet: DiffusionComponentFiles;
  vaeDecoder: DiffusionComponentFiles;
  /** Present when the folder has one; image-to-image needs it. */
  vaeEncoder: DiffusionComponentFiles | undefined;
}

/** Parameters of {@link readDiffusionLayout}. */
export interface ReadDiffusionLayoutParams {
  /** The model folder (a Hub snapshot folder or any local copy). */
  modelDir: string;
  /** Components needed: image-to-image also needs `vae_encoder/`. @default "text-to-image" */
  task?: DiffusionTask;
}

/** Pipelines that are not Stable Diffusion 1.x/2.x/XL and need a different graph set. */
const UNSUPPORTED_PIPELINES =
  /StableDiffusion3|Flux|Sana|Kandinsky|PixArt|Wuerstchen|StableCascade|Video|Upscale|Inpaint/i;

/**
 * Reads and checks a diffusers ONNX pipeline folder (SD 1.x/2.x/Turbo, SDXL/SDXL-Turbo): which
 * family it is, where each component's ONNX file and config are. Throws a
 * {@link DiffusionModelError} naming the first missing component and what to do about it.
 */
export async function readDiffusionLayout({
  modelDir,
  task = "text-to-image",
}: ReadDiffusionLayoutParams): Promise<DiffusionLayout> {
  if (!existsSync(modelDir) || !statSync(modelDir).isDirectory()) {
    throw new DiffusionModelError(`Model folder ${modelDir} does not exist.`, {
      code: "DIFFUSION_MODEL_NOT_FOUND",
      modelDir,
      hint: "Download the model first ('hftool download -m <model>') or check the path.",
    });
  }
  const at = (...parts: string[]) => join(modelDir, ...parts);
  const hasIndex = existsSync(at("model_index.json"));
  if (!hasIndex && !existsSync(at("unet"))) {
    throw new DiffusionModelError(
      `${modelDir} is not a Stable Diffusion pipeline: it has neither model_index.json nor unet/.`,
      {
        code: "DIFFUSION_NOT_A_PIPELINE",
        modelDir,
        hint: EXPORT_HINT,
      },
    );
  }
  const modelIndex = hasIndex
    ? await readJsonFile({ file: at("model_index.json"), modelDir, component: "model_index.json" })
    : {};
  const pipelineClass = typeof modelIndex["_class_name"] === "string" ? modelIndex["_class_name"] : undefined;
  if (pipelineClass && UNSUPPORTED_PIPELINES.test(pipelineClass)) {
    throw new NotSupportedError(
      `${modelDir} holds a ${pipelineClass}; hftool's ONNX diffusion pipeline runs Stable Diffusion 1.x/2.x/Turbo and SDXL text-to-image and image-to-image only.`,
      { hint: "Pick a model from 'hftool models -t text-to-image'.", details: { modelDir, pipelineClass } },
    );
  }
  const family: DiffusionFamily =
    existsSync(at("text_encoder_2")) || /XL/.test(pipelineClass ?? "") || "text_encoder_2" in modelIndex
      ? "sdxl"
      : "sd";

  const component = async (
    name: DiffusionComponent,
    required: boolean,
  ): Promise<DiffusionComponentFiles | undefined> => {
    const dir = at(name);
    // fp16 and fp32 exports alike name the graph model.onnx; its input types tell them apart.
    const onnx = join(dir, "model.onnx");
    if (!existsSync(onnx)) {
      if (!required) return undefined;
      const pytorchOnly = PYTORCH_WEIGHTS.some((file) => existsSync(join(dir, file)));
      throw new DiffusionModelError(
        pytorchOnly
          ? `${modelDir} has PyTorch weights but no ONNX file for ${name}: it is a diffusers PyTorch repo, which hftool cannot run directly.`
          : `The model at ${modelDir} has no ${name}/model.onnx: ${COMPONENT_ROLES[name] ?? name} is missing.`,
        {
          code: "DIFFUSION_COMPONENT_MISSING",
          modelDir,
          component: name,
          file: onnx,
          hint: pytorchOnly
            ? EXPORT_HINT
            : name === "vae_encoder"
              ? "This model can only do text-to-image; use a model that ships vae_encoder/ for image-to-image."
              : `Download the model again ('hftool download -m <model> --force'): an interrupted download leaves components missing. ${EXPORT_HINT}`,
        },
      );
    }
    const configFile = join(dir, "config.json");
    const config = existsSync(configFile)
      ? await readJsonFile({ file: configFile, modelDir, component: name })
      : {};
    return { onnx, config };
  };

  const schedulerFile = at("scheduler", "scheduler_config.json");
  if (!existsSync(schedulerFile)) {
    throw new DiffusionModelError(`The model at ${modelDir} has no scheduler/scheduler_config.json.`, {
      code: "DIFFUSION_COMPONENT_MISSING",
      modelDir,
      component: "scheduler",
      file: schedulerFile,
      hint: "Download the model again; every diffusers pipeline ships its scheduler configuration.",
    });
  }
  for (const tokenizer of family === "sdxl" ? ["tokenizer", "tokenizer_2"] : ["tokenizer"]) {
    if (!existsSync(at(tokenizer))) {
      throw new DiffusionModelError(
        `The model at ${modelDir} has no ${tokenizer}/ folder: its CLIP tokenizer is missing.`,
        {
          code: "DIFFUSION_COMPONENT_MISSING",
          modelDir,
          component: tokenizer as DiffusionComponent,
          file: at(tokenizer),
          hint: "Download the model again; an interrupted download leaves components missing.",
        },
      );
    }
  }
  const textEncoder = (await component("text_encoder", true))!;
  const textEncoder2 = family === "sdxl" ? await component("text_encoder_2", true) : undefined;
  const unet = (await component("unet", true))!;
  const vaeDecoder = (await component("vae_decoder", true))!;
  const vaeEncoder = await component("vae_encoder", task === "image-to-image");
  const schedulerConfig = await readJsonFile({ file: schedulerFile, modelDir, component: "scheduler" });
  return {
    modelDir,
    family,
    pipelineClass,
    modelIndex,
    schedulerConfig,
    textEncoder,
    textEncoder2,
    unet,
    vaeDecoder,
    vaeEncoder,
  };
}
