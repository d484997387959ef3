import { existsSync } from "node:fs";
import type { InferenceSession } from "onnxruntime-node";
import { ModelFormatError } from "../errors/errors.js";
import { loadOnnxRuntime } from "./load-onnxruntime.js";
import type { ResolvedDevice } from "./resolve-device.js";

/** Parameters of {@link createSession}. */
export interface CreateSessionParams {
  /** The `.onnx` file (external data files beside it are found by onnxruntime). */
  path: string;
  /** Where it runs (from `resolveDevice`). */
  device: ResolvedDevice;
  /** More session options (threads, optimisation level). Execution providers come from `device`. */
  options?: InferenceSession.SessionOptions;
}

/**
 * Creates an onnxruntime-node session for one ONNX file on a resolved device.
 *
 * @throws {ModelFormatError} when the file is missing or is not a model onnxruntime can load.
 */
export async function createSession({
  path,
  device,
  options = {},
}: CreateSessionParams): Promise<InferenceSession> {
  if (!existsSync(path)) {
    throw new ModelFormatError(path, `The model file ${path} does not exist.`, {
      code: "MODEL_FILE_MISSING",
      hint: "Check the model folder, or download the model again (hftool download -m MODEL --force).",
    });
  }
  const ort = await loadOnnxRuntime();
  try {
    return await ort.InferenceSession.create(path, {
      ...options,
      executionProviders: device.executionProviders,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelFormatError(path, `onnxruntime cannot load ${path}: ${message.split("\n")[0]}`, {
      code: "MODEL_LOAD_FAILED",
      hint: /protobuf|parse|invalid/i.test(message)
        ? "The file is damaged or not an ONNX model: download it again (hftool download -m MODEL --force)."
        : "The model may need a newer onnxruntime or another --device. HFTOOL_DEBUG=1 shows the full error.",
      cause: error,
    });
  }
}
