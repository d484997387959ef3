import { readFile } from "node:fs/promises";
import { InputError } from "../errors/errors.js";
import { metadataSidecarPath } from "./metadata-sidecar-path.js";
import type { OutputMetadata } from "./output-metadata.js";
import { isPng } from "./png-signature.js";
import { readPngText } from "./read-png-text.js";

/**
 * Reads the metadata hftool stored with an output: the `hftool` text chunk of a PNG, else the
 * `<path>.hftool.json` sidecar. Resolves to `undefined` when the output has none.
 *
 * @throws {InputError} when the stored metadata is not valid JSON.
 */
export async function readOutputMetadata(path: string): Promise<OutputMetadata | undefined> {
  const head = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  let text: string | undefined;
  let source = path;
  if (head && isPng(head)) {
    text = readPngText(head).hftool;
  }
  if (text === undefined) {
    source = metadataSidecarPath(path);
    text = await readFile(source, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
  }
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as OutputMetadata;
  } catch (error) {
    throw new InputError(`The hftool metadata in ${source} is not valid JSON.`, {
      code: "METADATA_INVALID",
      cause: error,
      details: { file: source },
    });
  }
}
