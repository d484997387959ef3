import type { InferenceSession } from "onnxruntime-node";
import { DiffusionModelError, type DiffusionComponent } from "../errors.js";
import {
  readDiffusionLayout,
  type DiffusionLayout,
  type DiffusionTask,
} from "../layout/read-diffusion-layout.js";
import type { ExecutionProvider } from "../../runtime/execution-providers-for.js";
import { resolveDevice, type ResolvedDevice } from "../../runtime/resolve-device.js";
import { createOnnxSession } from "../onnx/create-onnx-session.js";
import { schedulerForClass } from "../schedulers/create-scheduler.js";
import { TextEncoders } from "../text/text-encoders.js";
import { loadClipTokenizer } from "../tokenizer/load-clip-tokenizer.js";
import { DiffusionPipeline } from "./diffusion-pipeline.js";
import type { DiffusionDefaults } from "./diffusion-types.js";

/** Parameters of {@link loadDiffusionPipeline}. */
export interface LoadDiffusionPipelineParams {
  /** A diffusers ONNX pipeline folder (e.g. the snapshot folder of `onnxruntime/sd-turbo`). */
  modelDir: string;
  /**
   * What the pipeline will do. `image-to-image` checks for and loads `vae_encoder/` up front;
   * with `text-to-image` it is loaded on the first `imageToImage` call, if the model has one.
   * @default "text-to-image"
   */
  task?: DiffusionTask;
  /**
   * Where the sessions run: `auto`, `cpu`, `cuda`, … (proven to load by `resolveDevice`), or a
   * device already resolved. Takes precedence over `executionProviders`.
   * @default the CPU, unless `executionProviders` says otherwise
   */
  device?: string | ResolvedDevice;
  /** GPU index for a `device` name. @default 0 */
  gpu?: number | string;
  /** ONNX Runtime execution providers in order of preference, used as given (without `device`). @default ["cpu"] */
  executionProviders?: readonly ExecutionProvider[];
  /**
   * Defaults for parameters a generation call leaves out, e.g. the registry's recommended
   * settings for the model. Missing ones are worked out from the model (see README).
   */
  defaults?: Partial<DiffusionDefaults>;
  /** Extra ONNX Runtime session options for every component. */
  sessionOptions?: InferenceSession.SessionOptions;
  /** Checked between loading components. */
  signal?: AbortSignal;
}

/** Inputs each graph must declare, as Optimum and Olive export them. */
const REQUIRED_INPUTS: Readonly<Record<string, readonly string[]>> = {
  unet: ["sample", "timestep", "encoder_hidden_states"],
};

/**
 * Defaults worked out from the model itself: the native size is the UNet's `sample_size` times
 * the VAE's 8× downscale (512 for SD 1.x and the Turbos, 768 for SD 2.x, 1024 for SDXL);
 * Turbo models (adversarially distilled) want 1 step (2 for image-to-image) without guidance;
 * LCM models 4 steps; others 30 steps at guidance 7.5 (SD) or 5 (SDXL), as diffusers suggests.
 */
function modelDefaults(layout: DiffusionLayout, task: DiffusionTask): DiffusionDefaults {
  const sampleSize = layout.unet.config["sample_size"];
  const blocks = layout.vaeDecoder.config["block_out_channels"];
  const vaeScale = Array.isArray(blocks) && blocks.length > 0 ? 2 ** (blocks.length - 1) : 8;
  const native =
    typeof sampleSize === "number" ? sampleSize * vaeScale : layout.family === "sdxl" ? 1024 : 512;
  const name = `${layout.modelDir} ${String(layout.modelIndex["_name_or_path"] ?? "")}`;
  const turbo = /turbo/i.test(name);
  const lcm = schedulerForClass(layout.schedulerConfig["_class_name"]) === "lcm" || /lcm/i.test(name);
  return {
    steps: turbo ? (task === "image-to-image" ? 2 : 1) : lcm ? 4 : 30,
    guidanceScale: turbo
      ? 0
      : lcm
        ? layout.unet.config["time_cond_proj_dim"]
          ? 8
          : 1
        : layout.family === "sdxl"
          ? 5
          : 7.5,
    width: native,
    height: native,
    strength: 0.5,
  };
}

/**
 * Loads a Stable Diffusion pipeline (SD 1.x/2.x/Turbo or SDXL/SDXL-Turbo, fp32 or fp16 ONNX) from
 * a diffusers ONNX folder: reads and checks the layout, builds the CLIP tokenizers and opens one
 * ONNX Runtime session per component. The result generates any number of images.
 */
export async function loadDiffusionPipeline({
  modelDir,
  task = "text-to-image",
  device,
  gpu,
  executionProviders = ["cpu"],
  defaults = {},
  sessionOptions = {},
  signal,
}: LoadDiffusionPipelineParams): Promise<DiffusionPipeline> {
  const layout = await readDiffusionLayout({ modelDir, task });
  const resolvedDevice: ResolvedDevice =
    device === undefined
      ? {
          requested: "custom",
          device: providerName(executionProviders[0]) ?? "cpu",
          executionProviders: [...executionProviders],
          skipped: [],
        }
      : typeof device === "string"
        ? await resolveDevice({ device, ...(gpu !== undefined ? { gpu } : {}) })
        : device;
  const tokenizers = await Promise.all(
    (layout.family === "sdxl" ? (["tokenizer", "tokenizer_2"] as const) : (["tokenizer"] as const)).map(
      (subfolder) => loadClipTokenizer({ modelDir, subfolder }),
    ),
  );
  const opened: InferenceSession[] = [];
  const open = async (component: DiffusionComponent, file: string) => {
    signal?.throwIfAborted();
    let session: InferenceSession;
    try {
      session = await createOnnxSession({ modelPath: file, device: resolvedDevice, sessionOptions });
    } catch (error) {
      // createSession wraps onnxruntime's error; its own first line says what failed
      const cause = (error as { cause?: unknown }).cause ?? error;
      const message = (cause instanceof Error ? cause.message : String(cause)).split("\n")[0]!;
      const providerOnly = /Could not find an implementation|not implemented|NOT_IMPLEMENTED/i.test(message);
      throw new DiffusionModelError(`ONNX Runtime could not load ${component}/model.onnx: ${message}`, {
        code: "DIFFUSION_COMPONENT_UNLOADABLE",
        modelDir,
        component,
        file,
        cause,
        hint: providerOnly
          ? "The graph uses operators this execution provider lacks: some repos (e.g. onnxruntime/sd-turbo) are optimized for CUDA only. Run with --device cuda or pick a model that runs on CPU."
          : "The file may be incomplete (download it again with --force) or its external weights (model.onnx_data) may be missing.",
      });
    }
    opened.push(session);
    const required = REQUIRED_INPUTS[component] ?? [];
    const extra = component === "unet" && layout.family === "sdxl" ? ["text_embeds", "time_ids"] : [];
    const missing = [...required, ...extra].filter((name) => !session.inputNames.includes(name));
    if (missing.length > 0) {
      throw new DiffusionModelError(
        `${component}/model.onnx lacks the input${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (it has ${session.inputNames.join(", ")}).`,
        {
          modelDir,
          component,
          file,
          hint: "This is not a diffusers UNet exported by Optimum or Olive; export it with 'optimum-cli export onnx'.",
        },
      );
    }
    return session;
  };

  try {
    const textEncoderSessions = [await open("text_encoder", layout.textEncoder.onnx)];
    if (layout.textEncoder2) textEncoderSessions.push(await open("text_encoder_2", layout.textEncoder2.onnx));
    const textEncoders = TextEncoders.create({ layout, tokenizers, sessions: textEncoderSessions });
    const unet = await open("unet", layout.unet.onnx);
    const vaeDecoder = await open("vae_decoder", layout.vaeDecoder.onnx);
    const vaeEncoder =
      task === "image-to-image" && layout.vaeEncoder
        ? await open("vae_encoder", layout.vaeEncoder.onnx)
        : undefined;
    const resolvedDefaults = { ...modelDefaults(layout, task), ...stripUndefined(defaults) };
    return new DiffusionPipeline({
      layout,
      textEncoders,
      unet,
      vaeDecoder,
      vaeEncoder,
      defaults: resolvedDefaults,
      device: resolvedDevice,
      sessionOptions,
      textEncoderSessions,
    });
  } catch (error) {
    await Promise.all(opened.map((session) => session.release().catch(() => undefined)));
    throw error;
  }
}

function providerName(provider: ExecutionProvider | undefined): string | undefined {
  return typeof provider === "string" ? provider : provider?.name;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
