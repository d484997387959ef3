import type * as Ort from "onnxruntime-node";

let runtime: Promise<typeof Ort> | undefined;

/**
 * onnxruntime-node, imported on first use: the native addon takes tens of milliseconds to load,
 * which commands that never run a model must not pay.
 */
export function loadOnnxRuntime(): Promise<typeof Ort> {
  runtime ??= import("onnxruntime-node");
  return runtime;
}
