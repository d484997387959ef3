import type { Dtype } from "@hftool/core";
import type { ResolvedDevice } from "../runtime/resolve-device.js";

/** Progress of a long run, for a progress bar. */
export interface PipelineProgress {
  /** What is happening (`detecting speech`, `transcribing`, `synthesizing`). */
  stage: string;
  /** Work done, in `unit`. */
  done: number;
  /** Work in total, when known. */
  total?: number;
  unit: "seconds" | "chunks" | "steps" | "tokens";
  /** Where in a larger job this is, in words (`image 2 of 4`), when there is more than one part. */
  detail?: string;
}

/** Options of one pipeline call. */
export interface PipelineRunOptions {
  /** Task parameters (the registry's names: `threshold`, `language`, `speaker`, …). */
  params?: Readonly<Record<string, unknown>>;
  /** Stops the run between windows, chunks or steps. */
  signal?: AbortSignal;
  onProgress?: (progress: PipelineProgress) => void;
  /** Generated text as it comes (text generation, summarization, translation): each new piece, in order. */
  onText?: (piece: string) => void;
}

/**
 * A loaded model for one task: load once, call `run` as often as needed (batches and interactive
 * mode reuse it), then `dispose`.
 */
export interface Pipeline<Input, Result> {
  /** Canonical task name. */
  readonly task: string;
  /** The model folder or file it was loaded from. */
  readonly modelPath: string;
  /** Where it runs. */
  readonly device: ResolvedDevice;
  /** Weight variant loaded. */
  readonly dtype: Dtype;
  /** Things the caller may want to tell the user (a dtype fallback, an ignored parameter). */
  readonly notices: readonly string[];
  run(input: Input, options?: PipelineRunOptions): Promise<Result>;
  /** Releases the ONNX sessions. */
  dispose(): Promise<void>;
}

/** Parameters every pipeline factory takes. */
export interface LoadPipelineParams {
  /**
   * A model folder laid out like its Hub repo (a local folder, or the snapshot folder
   * `@hftool/download` returns), or for single-file pipelines (voice activity) an `.onnx` file.
   */
  model: string;
  /** `auto`, `cpu`, `cuda`, … or a device already resolved. @default "auto" */
  device?: string | ResolvedDevice;
  /** GPU index. */
  gpu?: number | string;
  /** Weight variant (`auto`, `fp32`, `fp16`, `q8`, `q4`, …); missing variants fall back with a notice. @default "auto" */
  dtype?: string;
  /** What `auto` means for this model (its registry entry's recommendation). @default "fp32" */
  defaultDtype?: Dtype;
  signal?: AbortSignal;
}
