/**
 * ONNX weight variants, named as the `onnx-community` and `Xenova` repos name their files
 * (`model.onnx` is fp32, `model_fp16.onnx`, `model_quantized.onnx` is q8, `model_q4.onnx` …).
 */
export type Dtype = "fp32" | "fp16" | "q8" | "int8" | "uint8" | "q4" | "q4f16" | "bnb4";

/** Every dtype, in the order `hftool` falls back through when one is missing. */
export const DTYPES: readonly Dtype[] = ["fp32", "fp16", "q8", "int8", "uint8", "q4", "q4f16", "bnb4"];

/** File-name suffix of each dtype, as transformers.js and the onnx-community/Xenova repos name them. */
export const DTYPE_SUFFIXES: Readonly<Record<Dtype, string>> = {
  fp32: "",
  fp16: "_fp16",
  q8: "_quantized",
  int8: "_int8",
  uint8: "_uint8",
  q4: "_q4",
  q4f16: "_q4f16",
  bnb4: "_bnb4",
};

/** A model in hftool's registry: a real Hub repo with ONNX weights in the layout its pipeline reads. */
export interface ModelEntry {
  /** Short name unique within its task (`whisper-base`). */
  name: string;
  /** Hub repo id (`onnx-community/whisper-base`). */
  repo: string;
  /** Canonical task name. */
  task: string;
  /** One line for listings. */
  description: string;
  /** Approximate download size of the default dtype, in bytes. */
  sizeBytes: number;
  /** The task's default model. Exactly one per runnable task. */
  default?: boolean;
  /** License id as the Hub shows it (`apache-2.0`, `mit`, `cc-by-nc-4.0`, `other`). */
  license: string;
  /** Full name of the license, where the id alone does not say it (`license: other` repos). */
  licenseName?: string;
  /** The license forbids commercial use; shown before download. */
  nonCommercial?: boolean;
  /** The repo needs an accepted license and a token on the Hub. */
  gated?: boolean;
  /** Weight variants the repo has. */
  dtypes: readonly Dtype[];
  /** Variant used when the user asks for none. @default "fp32" */
  defaultDtype?: Dtype;
  /** Branch, tag or commit to download. @default "main" */
  revision?: string;
  /** Recommended parameters, applied below config and command-line values. */
  params?: Readonly<Record<string, unknown>>;
  /**
   * ONNX Runtime execution providers the weights run on, named as `--device` names them
   * (`cuda`, `cpu`, `dml`, …). Absent: any. Set for builds with provider-specific fused operators,
   * such as the CUDA-only Olive exports of `onnxruntime/sd-turbo`.
   */
  providers?: readonly string[];
}

/** How a `-m` value was understood. */
export type ResolvedModel =
  | {
      kind: "registry";
      /** Hub repo id. */
      repo: string;
      revision: string;
      entry: ModelEntry;
      /** The name the user gave, before aliases. */
      requested: string;
      /**
       * The task's default, when it was passed over because it cannot run on the execution
       * providers given to `resolveModel` (this entry is the first one that can).
       */
      replacedDefault?: ModelEntry;
    }
  | {
      kind: "hub";
      repo: string;
      revision: string;
      requested: string;
    }
  | {
      kind: "local";
      /** Absolute folder path. */
      path: string;
      requested: string;
    };
