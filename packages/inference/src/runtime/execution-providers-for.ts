import { DEVICES, UsageError } from "@hftool/core";
import type { InferenceSession } from "onnxruntime-node";

/** An execution provider as onnxruntime-node takes it: a name, or a name with options. */
export type ExecutionProvider = InferenceSession.ExecutionProviderConfig;

/** Parameters of {@link executionProvidersFor}. */
export interface ExecutionProvidersForParams {
  /** A concrete device (not `auto`): `cpu`, `cuda`, `tensorrt`, `coreml`, `dml`, `webgpu`, … */
  device: string;
  /** GPU index for `cuda`, `tensorrt` and `dml`. @default 0 */
  gpu?: number;
}

/**
 * Maps a `--device` name (and `--gpu` index) to onnxruntime-node execution providers. The CPU
 * provider is always present in a session as the fallback for operators a GPU provider lacks, so
 * it is not listed after a GPU.
 *
 * @throws {UsageError} for `auto` (resolve it with `resolveDevice`) and unknown names.
 */
export function executionProvidersFor({ device, gpu }: ExecutionProvidersForParams): ExecutionProvider[] {
  const deviceId = gpu ?? 0;
  switch (device) {
    case "cpu":
      return ["cpu"];
    case "cuda":
      return [{ name: "cuda", deviceId }];
    case "tensorrt":
      // TensorRT hands the operators it cannot build to CUDA, as onnxruntime recommends
      return [
        { name: "tensorrt", deviceId },
        { name: "cuda", deviceId },
      ];
    case "dml":
      return [{ name: "dml", deviceId }];
    case "coreml":
    case "webgpu":
    case "rocm":
    case "migraphx":
    case "openvino":
      return [device];
    default:
      throw new UsageError(`Unknown device '${device}'.`, {
        hint: `Use one of: ${DEVICES.join(", ")}.`,
      });
  }
}
