import type * as Ort from "onnxruntime-node";

let runtime: Promise<typeof Ort> | undefined;

/**
 * onnxruntime-node, imported on first use: the native addon takes tens of milliseconds to load,
 * which commands that never run a model must not pay.
 */
export function loadOnnxRuntime(): Promise<typeof Ort> {
  // no usage telemetry from onnxruntime-node 1.29+ unless asked for (ORT_DISABLE_TELEMETRY=0)
  process.env.ORT_DISABLE_TELEMETRY ??= "1";
  runtime ??= import("onnxruntime-node");
  return runtime;
}
