import { resolveDevice, type ResolvedDevice } from "../runtime/resolve-device.js";
import type { LoadPipelineParams } from "./pipeline.js";

/**
 * The device a pipeline runs on: the one the caller resolved already (the CLI resolves once per
 * batch), or `params.device` proven to load now.
 */
export function deviceFor(
  params: Pick<LoadPipelineParams, "device" | "gpu">,
  fallback = "auto",
): Promise<ResolvedDevice> {
  if (typeof params.device === "object") return Promise.resolve(params.device);
  return resolveDevice({
    device: params.device ?? fallback,
    ...(params.gpu !== undefined ? { gpu: params.gpu } : {}),
  });
}
