import { readFile } from "node:fs/promises";
import { DiffusionModelError, type DiffusionComponent } from "../errors.js";

/** Parameters of {@link readJsonFile}. */
export interface ReadJsonFileParams {
  /** Absolute path of the file. */
  file: string;
  /** Model folder, for the error. */
  modelDir: string;
  /** Component the file belongs to, for the error. */
  component: DiffusionComponent;
}

/** Reads and parses a JSON file of a model folder, throwing a {@link DiffusionModelError} that names it. */
export async function readJsonFile<T = Record<string, unknown>>({
  file,
  modelDir,
  component,
}: ReadJsonFileParams): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new DiffusionModelError(`Cannot read ${file}: ${(cause as Error).message}.`, {
      code: "DIFFUSION_COMPONENT_MISSING",
      modelDir,
      component,
      file,
      cause,
      hint: "Download the model again; an interrupted download leaves components missing.",
    });
  }
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new DiffusionModelError(`${file} is not valid JSON: ${(cause as Error).message}.`, {
      modelDir,
      component,
      file,
      cause,
      hint: "The file is damaged; download the model again.",
    });
  }
}
