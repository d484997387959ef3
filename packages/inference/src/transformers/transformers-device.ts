import type { ResolvedDevice } from "../runtime/resolve-device.js";

/**
 * The `device` name transformers.js understands for a resolved device. hftool also passes the
 * execution providers themselves (with the GPU index), so this only steers transformers.js's own
 * per-device defaults.
 */
export function transformersDevice(device: ResolvedDevice): "cpu" | "cuda" | "dml" | "coreml" | "webgpu" {
  switch (device.device) {
    case "cuda":
    case "tensorrt":
      return "cuda";
    case "dml":
    case "coreml":
    case "webgpu":
      return device.device;
    default:
      return "cpu";
  }
}
