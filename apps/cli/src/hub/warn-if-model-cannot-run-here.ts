import { describeProviders, getDefaultModel, modelRunsOn, type ModelEntry } from "@hftool/core";
import type { Output } from "../ui/output.js";

/**
 * Warns when a registry model built for particular execution providers (the CUDA-only
 * `onnxruntime/*` Turbo builds) cannot run on this machine, naming one that can. A download for
 * another machine stays possible, so this does not stop it.
 */
export async function warnIfModelCannotRunHere(entry: ModelEntry, out: Output): Promise<void> {
  if (!entry.providers?.length) return;
  const { resolveDevice } = await import("@hftool/inference");
  const device = await resolveDevice({ device: "auto" }).catch(() => undefined);
  if (!device) return;
  const providers = device.executionProviders.map((p) => (typeof p === "string" ? p : p.name));
  if (modelRunsOn({ entry, providers })) return;
  const alternative = getDefaultModel(entry.task, { providers });
  out.warn(
    `${entry.name} runs only on ${describeProviders(entry.providers)}, which does not work on this machine (it runs on ${device.device})` +
      (alternative ? `; ${alternative.name} runs here (hftool download -m ${alternative.name}).` : "."),
  );
}
