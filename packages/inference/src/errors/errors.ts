import { HftoolError, InputError, type HftoolErrorOptions } from "@hftool/core";

/**
 * A model folder that cannot serve the task: no ONNX weights at all (a PyTorch-only repo), not
 * the files this task's pipeline needs, or a missing or broken `config.json`.
 */
export class ModelFormatError extends HftoolError {
  /** The folder or repo involved. */
  readonly model: string;
  constructor(model: string, message: string, options: HftoolErrorOptions & { code?: string } = {}) {
    const { code, ...rest } = options;
    super(code ?? "MODEL_FORMAT", message, { ...rest, details: { model, ...rest.details } });
    this.name = "ModelFormatError";
    this.model = model;
  }
}

/** The requested execution provider (`--device cuda`, …) does not load on this machine. */
export class DeviceUnavailableError extends HftoolError {
  /** The device asked for. */
  readonly device: string;
  constructor(device: string, message: string, options: HftoolErrorOptions = {}) {
    super("DEVICE_UNAVAILABLE", message, { ...options, details: { device, ...options.details } });
    this.name = "DeviceUnavailableError";
    this.device = device;
  }
}

/** Audio that cannot be decoded: not audio, a format no decoder reads, or a damaged file. */
export class AudioDecodeError extends InputError {
  constructor(message: string, options: HftoolErrorOptions & { code?: string } = {}) {
    super(message, { code: options.code ?? "AUDIO_UNREADABLE", ...options });
    this.name = "AudioDecodeError";
  }
}

/** The model loaded, but running it failed. */
export class InferenceError extends HftoolError {
  constructor(message: string, options: HftoolErrorOptions & { code?: string } = {}) {
    const { code, ...rest } = options;
    super(code ?? "INFERENCE_FAILED", message, rest);
    this.name = "InferenceError";
  }
}
