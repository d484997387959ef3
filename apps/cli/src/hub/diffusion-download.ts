import { describeProviders, getDefaultModel, modelRunsOn, type ModelEntry } from "@hftool/core";
import type { Output } from "../ui/output.js";

/** Tasks whose models are diffusers pipelines (one folder per component, one precision per repo). */
const DIFFUSION_TASKS = new Set(["text-to-image", "image-to-image"]);

/** Whether a registry entry is a diffusers ONNX pipeline. */
export function isDiffusionEntry(entry: ModelEntry | undefined): entry is ModelEntry {
  return entry !== undefined && DIFFUSION_TASKS.has(entry.task);
}

/**
 * The files `hftool download` fetches from a diffusers repo: what the ONNX pipeline reads for
 * text-to-image and image-to-image alike (the VAE encoder when there is one), never the PyTorch
 * weights such repos carry beside their ONNX export (tens of GB for `stabilityai/sdxl-turbo`). A
 * diffusers export holds one precision, so no variant is picked by file name.
 */
export async function diffusionDownloadFiles(files: readonly { path: string }[]): Promise<string[]> {
  const { diffusionRepoFiles } = await import("@hftool/inference");
  return diffusionRepoFiles({ files: files.map((f) => f.path), task: "image-to-image" });
}

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
