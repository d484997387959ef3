import { performance } from "node:perf_hooks";
import { AbortError } from "@hftool/core";
import type { InferenceSession, Tensor } from "onnxruntime-node";
import { DiffusionModelError, DiffusionParamError } from "../errors.js";
import { decodeInputImage } from "../image/decode-input-image.js";
import type { GeneratedImage } from "../image/raw-image.js";
import type { DiffusionLayout } from "../layout/read-diffusion-layout.js";
import type { ResolvedDevice } from "../../runtime/resolve-device.js";
import { createOnnxSession } from "../onnx/create-onnx-session.js";
import { loadOnnxRuntime } from "../../runtime/load-onnxruntime.js";
import { float32Data, inputSpecs, tensorFor, type InputSpec } from "../onnx/session-tensors.js";
import { SeededRandom } from "../random/seeded-random.js";
import { createScheduler, schedulerForClass } from "../schedulers/create-scheduler.js";
import type { SchedulerName } from "../schedulers/scheduler-config.js";
import { TextEncoders, type PromptEmbeddings } from "../text/text-encoders.js";
import { vaeDecode } from "../vae/vae-decode.js";
import { vaeEncode } from "../vae/vae-encode.js";
import type {
  DiffusionDefaults,
  DiffusionGenerationParams,
  DiffusionProgressEvent,
  DiffusionResult,
  ImageToImageParams,
  ResolvedGenerationParams,
  TextToImageParams,
} from "./diffusion-types.js";
import { resolveGenerationParams } from "./resolve-generation-params.js";

type Ort = Awaited<ReturnType<typeof loadOnnxRuntime>>;

/** What {@link DiffusionPipeline} is built from (see `loadDiffusionPipeline`). */
export interface DiffusionPipelineParts {
  layout: DiffusionLayout;
  textEncoders: TextEncoders;
  unet: InferenceSession;
  vaeDecoder: InferenceSession;
  /** Loaded on first image-to-image call when not given. */
  vaeEncoder: InferenceSession | undefined;
  defaults: DiffusionDefaults;
  /** Where every session runs. */
  device: ResolvedDevice;
  sessionOptions: InferenceSession.SessionOptions;
  /** Sessions of the text encoders, released with the pipeline. */
  textEncoderSessions: readonly InferenceSession[];
}

/** Conditioning for one UNet call: tensors built once per generation and reused at every step. */
interface Conditioning {
  /** One entry per UNet run per step: one batched run with guidance, or [uncond, cond] runs. */
  runs: { batch: number; feeds: Record<string, Tensor> }[];
  guidance: boolean;
}

const DEFAULT_SCALING_FACTOR = { sd: 0.18215, sdxl: 0.13025 } as const;

/**
 * A loaded Stable Diffusion pipeline (SD 1.x/2.x/Turbo, SDXL/SDXL-Turbo) on ONNX Runtime. Load
 * once with `loadDiffusionPipeline`, then call {@link textToImage} / {@link imageToImage} as often
 * as needed; {@link dispose} frees the sessions.
 */
export class DiffusionPipeline {
  readonly layout: DiffusionLayout;
  /** Parameter values used where a call leaves them out. */
  readonly defaults: DiffusionDefaults;
  /** The scheduler the model's `scheduler_config.json` names, or Euler standing in for it. */
  readonly modelScheduler: SchedulerName;
  /** Where the sessions run. */
  readonly device: ResolvedDevice;
  readonly #parts: DiffusionPipelineParts;
  #vaeEncoder: Promise<InferenceSession> | undefined;
  #disposed = false;

  constructor(parts: DiffusionPipelineParts) {
    this.#parts = parts;
    this.layout = parts.layout;
    this.defaults = parts.defaults;
    this.device = parts.device;
    this.modelScheduler = schedulerForClass(parts.layout.schedulerConfig["_class_name"]) ?? "euler";
    if (parts.vaeEncoder) this.#vaeEncoder = Promise.resolve(parts.vaeEncoder);
  }

  /** Generates images from a prompt. */
  textToImage(params: TextToImageParams): Promise<DiffusionResult> {
    return this.#generate("text-to-image", params, undefined);
  }

  /** Generates images from a prompt and a starting image, re-running the last `strength` of the schedule. */
  imageToImage(params: ImageToImageParams): Promise<DiffusionResult> {
    return this.#generate("image-to-image", params, params);
  }

  /** Weight precision of the UNet, read from its input types: `fp16` or `fp32` (for metadata). */
  get dtype(): "fp16" | "fp32" {
    return inputSpecs(this.#parts.unet).get("sample")?.type === "float16" ? "fp16" : "fp32";
  }

  /** Releases every ONNX Runtime session. The pipeline cannot generate afterwards. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    const sessions = [...this.#parts.textEncoderSessions, this.#parts.unet, this.#parts.vaeDecoder];
    if (this.#vaeEncoder) sessions.push(await this.#vaeEncoder.catch(() => undefined as never));
    await Promise.all(sessions.filter(Boolean).map((session) => session.release()));
  }

  get #vaeConfig(): Readonly<Record<string, unknown>> {
    return this.layout.vaeDecoder.config;
  }

  get #scalingFactor(): number {
    const value = this.#vaeConfig["scaling_factor"];
    return typeof value === "number" ? value : DEFAULT_SCALING_FACTOR[this.layout.family];
  }

  get #shiftFactor(): number {
    const value = this.#vaeConfig["shift_factor"];
    return typeof value === "number" ? value : 0;
  }

  get #latentChannels(): number {
    const fromConfig = this.#vaeConfig["latent_channels"] ?? this.layout.unet.config["in_channels"];
    if (typeof fromConfig === "number") return fromConfig;
    const shape = inputSpecs(this.#parts.unet).get("sample")?.shape;
    return typeof shape?.[1] === "number" ? shape[1] : 4;
  }

  #loadVaeEncoder(): Promise<InferenceSession> {
    if (!this.layout.vaeEncoder) {
      return Promise.reject(
        new DiffusionModelError(
          `The model at ${this.layout.modelDir} has no vae_encoder/model.onnx, which image-to-image needs.`,
          {
            code: "DIFFUSION_COMPONENT_MISSING",
            modelDir: this.layout.modelDir,
            component: "vae_encoder",
            hint: "This model can only do text-to-image; use a model that ships vae_encoder/ for image-to-image.",
          },
        ),
      );
    }
    this.#vaeEncoder ??= createOnnxSession({
      modelPath: this.layout.vaeEncoder.onnx,
      device: this.#parts.device,
      sessionOptions: this.#parts.sessionOptions,
    }).catch((error: unknown) => {
      this.#vaeEncoder = undefined;
      const cause = (error as { cause?: unknown }).cause ?? error;
      throw new DiffusionModelError(
        `ONNX Runtime could not load vae_encoder/model.onnx: ${(cause instanceof Error ? cause.message : String(cause)).split("\n")[0]}`,
        {
          code: "DIFFUSION_COMPONENT_UNLOADABLE",
          modelDir: this.layout.modelDir,
          component: "vae_encoder",
          file: this.layout.vaeEncoder!.onnx,
          cause,
        },
      );
    });
    return this.#vaeEncoder;
  }

  async #generate(
    task: "text-to-image" | "image-to-image",
    params: DiffusionGenerationParams,
    imageParams: ImageToImageParams | undefined,
  ): Promise<DiffusionResult> {
    if (this.#disposed) throw new Error("This DiffusionPipeline was disposed.");
    const started = performance.now();
    const { signal, onProgress } = params;
    const checkAbort = () => {
      if (signal?.aborted) throw new AbortError("Image generation was cancelled between denoising steps.");
    };
    checkAbort();
    const ort = await loadOnnxRuntime();

    // Validate everything that needs no model work before decoding the input image.
    // (The input's size is not known yet: stand in the smallest valid one.)
    resolveGenerationParams({
      task,
      params: { ...params, strength: imageParams?.strength },
      defaults: this.defaults,
      modelScheduler: this.modelScheduler,
      trainTimesteps: this.#trainTimesteps(),
      inputSize: imageParams ? { width: 8, height: 8 } : undefined,
    });
    const input = imageParams
      ? await decodeInputImage({ image: imageParams.image, width: params.width, height: params.height })
      : undefined;
    const resolved = resolveGenerationParams({
      task,
      params: { ...params, strength: imageParams?.strength },
      defaults: this.defaults,
      modelScheduler: this.modelScheduler,
      trainTimesteps: this.#trainTimesteps(),
      inputSize: input,
    });
    const vaeEncoder = imageParams ? await this.#loadVaeEncoder() : undefined;

    let scheduler;
    try {
      scheduler = createScheduler({
        config: this.layout.schedulerConfig,
        scheduler: resolved.scheduler,
        steps: resolved.steps,
        strength: resolved.strength ?? 1,
      });
    } catch (cause) {
      if (cause instanceof RangeError) {
        throw new DiffusionParamError(
          resolved.strength === undefined ? "steps" : "strength",
          resolved.strength ?? resolved.steps,
          cause.message,
          {
            cause,
          },
        );
      }
      throw cause;
    }
    const stepsRun = scheduler.timesteps.length;
    const total = stepsRun * resolved.numImages;
    const timings = {
      textEncodingMs: 0,
      vaeEncodingMs: 0,
      denoisingMs: 0,
      unetMs: 0,
      vaeDecodingMs: 0,
      totalMs: 0,
    };
    const emit = (event: Omit<DiffusionProgressEvent, "images" | "steps" | "total" | "elapsedMs">) =>
      onProgress?.({
        ...event,
        images: resolved.numImages,
        steps: stepsRun,
        total,
        elapsedMs: performance.now() - started,
      });

    emit({ phase: "text-encoding", image: 0, step: 0, completed: 0 });
    let mark = performance.now();
    const conditioning = await this.#conditioning(ort, resolved);
    timings.textEncodingMs = performance.now() - mark;

    const latentChannels = this.#latentChannels;
    const latentHeight = resolved.height / 8;
    const latentWidth = resolved.width / 8;
    const latentSize = latentChannels * latentHeight * latentWidth;
    const unetSpecs = inputSpecs(this.#parts.unet);
    const images: GeneratedImage[] = [];
    let completed = 0;

    for (let index = 0; index < resolved.numImages; index++) {
      checkAbort();
      const seed = resolved.seed + index;
      const random = new SeededRandom(seed);
      let latents: Float32Array;
      if (input && vaeEncoder) {
        emit({ phase: "vae-encoding", image: index, step: 0, completed });
        mark = performance.now();
        const clean = await vaeEncode({
          session: vaeEncoder,
          pixels: input.data,
          width: input.width,
          height: input.height,
          latentChannels,
          scalingFactor: this.#scalingFactor,
          shiftFactor: this.#shiftFactor,
          random,
        });
        timings.vaeEncodingMs += performance.now() - mark;
        latents = scheduler.addNoise(clean, random.normalArray(latentSize), 0);
      } else {
        latents = random.normalArray(latentSize);
        const sigma = scheduler.initNoiseSigma;
        if (sigma !== 1) for (let i = 0; i < latents.length; i++) latents[i]! *= sigma;
      }

      mark = performance.now();
      for (let step = 0; step < stepsRun; step++) {
        checkAbort();
        const modelInput = scheduler.scaleModelInput(latents, step);
        const noise = await this.#predictNoise(
          ort,
          unetSpecs,
          conditioning,
          modelInput,
          scheduler.timesteps[step]!,
          resolved,
          [latentChannels, latentHeight, latentWidth],
          timings,
        );
        latents = scheduler.step({ modelOutput: noise, stepIndex: step, sample: latents, random }).prevSample;
        completed++;
        emit({ phase: "denoising", image: index, step: step + 1, completed });
      }
      timings.denoisingMs += performance.now() - mark;

      checkAbort();
      emit({ phase: "vae-decoding", image: index, step: stepsRun, completed });
      mark = performance.now();
      const decoded = await vaeDecode({
        session: this.#parts.vaeDecoder,
        latents,
        latentChannels,
        latentHeight,
        latentWidth,
        scalingFactor: this.#scalingFactor,
        shiftFactor: this.#shiftFactor,
      });
      timings.vaeDecodingMs += performance.now() - mark;
      images.push({ ...decoded, channels: 3, seed });
    }
    timings.totalMs = performance.now() - started;
    const configured = this.layout.schedulerConfig["_class_name"];
    return {
      images,
      params: resolved,
      stepsRun,
      schedulerFallbackFrom:
        params.scheduler === undefined &&
        schedulerForClass(configured) === undefined &&
        typeof configured === "string"
          ? configured
          : undefined,
      truncatedTokens: conditioning.truncatedTokens,
      model: {
        dir: this.layout.modelDir,
        family: this.layout.family,
        pipelineClass: this.layout.pipelineClass,
      },
      timings,
    };
  }

  #trainTimesteps(): number {
    const value = this.layout.schedulerConfig["num_train_timesteps"];
    return typeof value === "number" ? value : 1000;
  }

  /** Encodes prompts and builds the UNet's conditioning feeds for every step. */
  async #conditioning(
    ort: Ort,
    resolved: ResolvedGenerationParams,
  ): Promise<Conditioning & { truncatedTokens: number }> {
    const specs = inputSpecs(this.#parts.unet);
    const lcmEmbedding = specs.has("timestep_cond");
    const guidance = resolved.guidanceScale > 1 && !lcmEmbedding;
    const positive = await this.#parts.textEncoders.encode(resolved.prompt);
    let negative: PromptEmbeddings | undefined;
    if (guidance) {
      const forceZeros =
        this.layout.family === "sdxl" &&
        resolved.negativePrompt === "" &&
        this.layout.modelIndex["force_zeros_for_empty_prompt"] !== false;
      negative = forceZeros
        ? TextEncoders.zerosLike(positive)
        : await this.#parts.textEncoders.encode(resolved.negativePrompt);
    }
    const conditions = negative ? [negative, positive] : [positive];
    const fixedBatch = specs.get("sample")?.shape[0];
    const batches: PromptEmbeddings[][] =
      typeof fixedBatch === "number" && fixedBatch === 1 ? conditions.map((c) => [c]) : [conditions];
    const runs = batches.map((batch) => {
      const feeds: Record<string, Tensor> = {};
      const n = batch.length;
      const hidden = new Float32Array(n * positive.hidden.length);
      batch.forEach((c, i) => hidden.set(c.hidden, i * positive.hidden.length));
      feeds["encoder_hidden_states"] = tensorFor(ort, specs.get("encoder_hidden_states")!, hidden, [
        n,
        positive.sequenceLength,
        positive.hiddenSize,
      ]);
      if (specs.has("text_embeds")) {
        const pooledSize = positive.pooled?.length ?? 0;
        const pooled = new Float32Array(n * pooledSize);
        batch.forEach((c, i) => pooled.set(c.pooled ?? new Float32Array(pooledSize), i * pooledSize));
        feeds["text_embeds"] = tensorFor(ort, specs.get("text_embeds")!, pooled, [n, pooledSize]);
      }
      if (specs.has("time_ids")) {
        const spec = specs.get("time_ids")!;
        const size = typeof spec.shape[1] === "number" ? spec.shape[1] : this.#timeIdsSize();
        const { width, height } = resolved;
        const ids = new Float32Array(n * size);
        batch.forEach((c, i) => {
          // (original size, crop top-left, target size), or with aesthetic scores (6 / 2.5) for refiners.
          const row =
            size === 5
              ? [height, width, 0, 0, c === negative ? 2.5 : 6]
              : [height, width, 0, 0, height, width];
          ids.set(row, i * size);
        });
        feeds["time_ids"] = tensorFor(ort, spec, ids, [n, size]);
      }
      if (lcmEmbedding) {
        const spec = specs.get("timestep_cond")!;
        const dim =
          typeof spec.shape[1] === "number"
            ? spec.shape[1]
            : Number(this.layout.unet.config["time_cond_proj_dim"] ?? 256);
        feeds["timestep_cond"] = tensorFor(ort, spec, guidanceEmbedding(resolved.guidanceScale - 1, dim, n), [
          n,
          dim,
        ]);
      }
      return { batch: n, feeds };
    });
    return { runs, guidance, truncatedTokens: positive.truncatedTokens };
  }

  #timeIdsSize(): number {
    const projection = this.layout.unet.config["projection_class_embeddings_input_dim"];
    const textEmbedDim = this.layout.textEncoder2?.config["projection_dim"];
    const addTimeDim = this.layout.unet.config["addition_time_embed_dim"];
    if (
      typeof projection === "number" &&
      typeof textEmbedDim === "number" &&
      typeof addTimeDim === "number"
    ) {
      return (projection - textEmbedDim) / addTimeDim;
    }
    return 6;
  }

  /** Runs the UNet for one step and applies classifier-free guidance. */
  async #predictNoise(
    ort: Ort,
    specs: Map<string, InputSpec>,
    conditioning: Conditioning,
    modelInput: Float32Array,
    timestep: number,
    resolved: ResolvedGenerationParams,
    latentDims: [number, number, number],
    timings: { unetMs: number },
  ): Promise<Float32Array> {
    const outputs: Float32Array[] = [];
    const sampleSpec = specs.get("sample")!;
    const timestepSpec = specs.get("timestep")!;
    for (const run of conditioning.runs) {
      let sample = modelInput;
      if (run.batch > 1) {
        sample = new Float32Array(modelInput.length * run.batch);
        for (let i = 0; i < run.batch; i++) sample.set(modelInput, i * modelInput.length);
      }
      const timestepDims =
        timestepSpec.shape.length === 0
          ? []
          : [typeof timestepSpec.shape[0] === "number" ? timestepSpec.shape[0] : run.batch];
      const timestepCount = timestepDims.length === 0 ? 1 : timestepDims[0]!;
      const feeds = {
        ...run.feeds,
        sample: tensorFor(ort, sampleSpec, sample, [run.batch, ...latentDims]),
        timestep: tensorFor(ort, timestepSpec, new Array<number>(timestepCount).fill(timestep), timestepDims),
      };
      const unetStart = performance.now();
      const result = await this.#parts.unet.run(feeds);
      timings.unetMs += performance.now() - unetStart;
      outputs.push(float32Data(result[this.#parts.unet.outputNames[0]!]!));
    }
    const all = outputs.length === 1 ? outputs[0]! : concat(outputs);
    if (!conditioning.guidance) return all;
    const n = modelInput.length;
    const guided = new Float32Array(n);
    const scale = resolved.guidanceScale;
    for (let i = 0; i < n; i++) {
      const unconditional = all[i]!;
      guided[i] = unconditional + scale * (all[n + i]! - unconditional);
    }
    return guided;
  }
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The sinusoidal guidance-scale embedding LCM-distilled UNets take as `timestep_cond`
 * (Luo et al. 2023, following "On Distillation of Guided Diffusion Models"): w·1000 encoded like
 * a timestep, sin then cos over dim/2 geometric frequencies.
 */
function guidanceEmbedding(w: number, dim: number, batch: number): Float32Array {
  const half = Math.floor(dim / 2);
  const scale = Math.log(10000) / (half - 1);
  const row = new Float32Array(dim);
  for (let i = 0; i < half; i++) {
    const angle = w * 1000 * Math.exp(-scale * i);
    row[i] = Math.sin(angle);
    row[half + i] = Math.cos(angle);
  }
  const out = new Float32Array(dim * batch);
  for (let b = 0; b < batch; b++) out.set(row, b * dim);
  return out;
}
