import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ModelFormatError } from "../errors/errors.js";

/**
 * Reads a JSON file of a model folder (`config.json`, `generation_config.json`). Resolves to
 * `undefined` when the file does not exist.
 *
 * @throws {ModelFormatError} when it exists but is not valid JSON.
 */
export async function readModelJson(dir: string, name: string): Promise<Record<string, unknown> | undefined> {
  const path = join(dir, name);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new ModelFormatError(dir, `${path} is not valid JSON.`, {
      code: "MODEL_CONFIG_INVALID",
      hint: "The file is damaged: download the model again (hftool download -m MODEL --force).",
      cause: error,
    });
  }
}
