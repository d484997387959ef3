import {
  describeProviders,
  formatBytes,
  resolveModel,
  type ResolvedModel,
  type ResolveModelParams,
} from "@hftool/core";
import type { CommandContext } from "../context.js";

/** Parameters of {@link resolveRunModel}. */
export interface ResolveRunModelParams extends Omit<ResolveModelParams, "providers"> {
  /** `--device` (or config): `auto`, `cpu`, `cuda`, … */
  device: string;
  gpu?: string;
  context: CommandContext;
}

/**
 * The model a run uses, chosen for the device it will run on. Most registry models run anywhere;
 * for one built for particular execution providers (the CUDA-only Olive exports of
 * `onnxruntime/sd-turbo`), the device is resolved now, before anything is downloaded: a default
 * that cannot run there gives way to the task's first model that can (said on stderr), and a
 * model named explicitly fails with what to use instead.
 *
 * @throws {ModelProviderError} for an explicitly named model the device cannot run.
 */
export async function resolveRunModel(params: ResolveRunModelParams): Promise<ResolvedModel> {
  const { device, gpu, context, ...base } = params;
  const model = resolveModel(base);
  if (model.kind !== "registry" || (model.entry.providers?.length ?? 0) === 0) return model;

  const { resolveDevice } = await import("@hftool/inference");
  const resolved = await resolveDevice({ device, ...(gpu !== undefined ? { gpu } : {}) });
  const providers = resolved.executionProviders.map((p) => (typeof p === "string" ? p : p.name));
  const chosen = resolveModel({ ...base, providers });
  if (chosen.kind === "registry" && chosen.replacedDefault) {
    const skipped = chosen.replacedDefault;
    context.out.info(
      `${skipped.name}, the default, runs only on ${describeProviders(skipped.providers ?? [])} and this run uses ${resolved.device === "cpu" ? "the CPU" : describeProviders([resolved.device])}: ` +
        `using ${chosen.entry.name} (${chosen.repo}, ~${formatBytes(chosen.entry.sizeBytes)}) instead.`,
    );
  }
  return chosen;
}
