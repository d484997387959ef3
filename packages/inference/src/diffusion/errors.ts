import { ExitCode, HftoolError, type HftoolErrorOptions } from "@hftool/core";

/** The parts of a diffusers ONNX pipeline folder, by their folder names. */
export type DiffusionComponent =
  | "model_index.json"
  | "scheduler"
  | "tokenizer"
  | "tokenizer_2"
  | "text_encoder"
  | "text_encoder_2"
  | "unet"
  | "vae_decoder"
  | "vae_encoder";

/**
 * A model folder that is not a usable ONNX Stable Diffusion pipeline: a component missing, a
 * file unreadable, a graph without the inputs the pipeline needs, or one ONNX Runtime cannot load.
 */
export class DiffusionModelError extends HftoolError {
  /** The model folder. */
  readonly modelDir: string;
  /** The component at fault, when one is. */
  readonly component: DiffusionComponent | undefined;
  /** The file at fault, when one is. */
  readonly file: string | undefined;

  constructor(
    message: string,
    options: HftoolErrorOptions & {
      code?: string;
      modelDir: string;
      component?: DiffusionComponent;
      file?: string;
    },
  ) {
    const { code, modelDir, component, file, ...rest } = options;
    super(code ?? "DIFFUSION_MODEL_INVALID", message, {
      ...rest,
      details: { modelDir, ...(component ? { component } : {}), ...(file ? { file } : {}), ...rest.details },
    });
    this.name = "DiffusionModelError";
    this.modelDir = modelDir;
    this.component = component;
    this.file = file;
  }
}

/** A generation parameter out of range: a width that is no multiple of 8, zero steps, strength 2… */
export class DiffusionParamError extends HftoolError {
  /** The parameter, named as on the command line (`width`, `steps`, `strength`…). */
  readonly param: string;
  /** The value given. */
  readonly value: unknown;

  constructor(param: string, value: unknown, message: string, options: HftoolErrorOptions = {}) {
    super("DIFFUSION_PARAM_INVALID", message, {
      exitCode: ExitCode.Usage,
      ...options,
      details: { param, value, ...options.details },
    });
    this.name = "DiffusionParamError";
    this.param = param;
    this.value = value;
  }
}
