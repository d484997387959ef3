import type { DiffusionTask } from "./read-diffusion-layout.js";

/** Parameters of {@link diffusionRepoFiles}. */
export interface DiffusionRepoFilesParams {
  /** Every file path of the repo (from the Hub's tree listing). */
  files: readonly string[];
  /** `text-to-image` leaves out `vae_encoder/`. @default "text-to-image" */
  task?: DiffusionTask;
}

const GRAPH_FOLDERS = ["text_encoder", "text_encoder_2", "unet", "vae_decoder", "vae_encoder"];
const TEXT_FOLDERS = ["tokenizer", "tokenizer_2", "scheduler"];

/**
 * The files of a diffusers repo that the ONNX pipeline reads, so a download can skip the rest:
 * repos like `stabilityai/sdxl-turbo` carry PyTorch weights (tens of GB) beside the ONNX export.
 * Picks `model_index.json`, the scheduler and tokenizer folders, and per component its
 * `config.json`, one ONNX graph and that graph's external weight files.
 */
export function diffusionRepoFiles({ files, task = "text-to-image" }: DiffusionRepoFilesParams): string[] {
  const present = new Set(files);
  const chosen: string[] = [];
  for (const file of files) {
    const [folder, name, ...rest] = file.split("/");
    if (file === "model_index.json") chosen.push(file);
    else if (TEXT_FOLDERS.includes(folder!) && name && rest.length === 0 && /\.(json|txt)$/.test(name))
      chosen.push(file);
  }
  for (const folder of GRAPH_FOLDERS) {
    if (folder === "vae_encoder" && task === "text-to-image") continue;

    const graph = `${folder}/model.onnx`;
    if (!present.has(graph)) continue;
    const base = graph.slice(folder.length + 1);
    for (const file of files) {
      if (!file.startsWith(`${folder}/`)) continue;
      const name = file.slice(folder.length + 1);
      // model.onnx, its external data (model.onnx_data, model.onnx.data, model.onnx_data_1 …), legacy weights.pb.
      const isData = name !== base && name.startsWith(base) && !name.endsWith(".onnx");
      if (name === base || name === "config.json" || isData || name === "weights.pb") chosen.push(file);
    }
  }
  return chosen;
}
