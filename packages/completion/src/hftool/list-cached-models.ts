import { readdir } from "node:fs/promises";

/** Parameters of {@link listCachedModels}. */
export interface ListCachedModelsParams {
  /** The Hugging Face cache folder (`models--org--name` folders inside). */
  modelsDir: string;
}

/**
 * Repo ids of the models in a Hugging Face cache folder (`models--org--name` → `org/name`), sorted.
 * Only reads folder names, so it is fast enough for every Tab press. A missing folder gives `[]`.
 */
export async function listCachedModels({ modelsDir }: ListCachedModelsParams): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(modelsDir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith("models--") && n.length > "models--".length)
    .map((n) => n.slice("models--".length).split("--").join("/"))
    .sort();
}
