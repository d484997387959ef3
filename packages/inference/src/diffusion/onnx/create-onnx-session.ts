import type { InferenceSession } from "onnxruntime-node";
import { createSession } from "../../runtime/create-session.js";
import type { ResolvedDevice } from "../../runtime/resolve-device.js";

/** Parameters of {@link createOnnxSession}. */
export interface CreateOnnxSessionParams {
  /** Path of the `.onnx` file; external weight files beside it are found by ONNX Runtime. */
  modelPath: string;
  /** Where it runs: the pipeline's device, resolved once for every component. */
  device: ResolvedDevice;
  /** Further session options, merged over hftool's. */
  sessionOptions?: InferenceSession.SessionOptions;
}

/**
 * Creates an ONNX Runtime session for one pipeline component through the package's shared
 * session helper (`createSession`: file checks, onnxruntime's log level, the device's providers),
 * with every graph optimisation on: diffusion graphs gain the most from fused attention.
 */
export function createOnnxSession({
  modelPath,
  device,
  sessionOptions = {},
}: CreateOnnxSessionParams): Promise<InferenceSession> {
  return createSession({
    path: modelPath,
    device,
    options: { graphOptimizationLevel: "all", ...sessionOptions },
  });
}
