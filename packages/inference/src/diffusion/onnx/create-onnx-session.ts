import type { InferenceSession } from "onnxruntime-node";
import { loadOnnxRuntime } from "./load-onnx-runtime.js";

/** An execution provider as onnxruntime-node names it (`"cpu"`, `"cuda"`, `{ name: "cuda", deviceId: 1 }` …). */
export type ExecutionProvider = InferenceSession.ExecutionProviderConfig;

/** Parameters of {@link createOnnxSession}. */
export interface CreateOnnxSessionParams {
  /** Path of the `.onnx` file; external weight files beside it are found by ONNX Runtime. */
  modelPath: string;
  /** Providers in order of preference. @default ["cpu"] */
  executionProviders?: readonly ExecutionProvider[];
  /** Further session options, merged over hftool's. */
  sessionOptions?: InferenceSession.SessionOptions;
}

/**
 * Creates an ONNX Runtime session for one pipeline component.
 *
 * Kept as the diffusion pipeline's single entry point to session creation so it can be swapped
 * for `@hftool/inference`'s shared session helper (device/dtype selection, provider fallback)
 * without touching the pipeline.
 */
export async function createOnnxSession({
  modelPath,
  executionProviders = ["cpu"],
  sessionOptions = {},
}: CreateOnnxSessionParams): Promise<InferenceSession> {
  const ort = await loadOnnxRuntime();
  return ort.InferenceSession.create(modelPath, {
    executionProviders: [...executionProviders],
    graphOptimizationLevel: "all",
    ...sessionOptions,
  });
}
