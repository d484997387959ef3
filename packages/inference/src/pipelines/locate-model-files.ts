import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { Dtype } from "@hftool/core";
import { ModelFormatError } from "../errors/errors.js";
import { listModelFolder } from "../model/list-model-folder.js";
import { selectModelFiles, type ModelFileSelection } from "../model/select-model-files.js";

/** Parameters of {@link locateModelFiles}. */
export interface LocateModelFilesParams {
  /** Model folder. */
  model: string;
  task: string;
  dtype?: string;
  defaultDtype?: Dtype;
}

/**
 * Finds the files a task needs in a local model folder, for one weight variant.
 *
 * @throws {ModelFormatError} when the folder does not exist or lacks ONNX weights for the task.
 */
export async function locateModelFiles(
  params: LocateModelFilesParams,
): Promise<{ dir: string; selection: ModelFileSelection }> {
  const dir = resolve(params.model);
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new ModelFormatError(dir, `The model folder ${dir} does not exist.`, {
      code: "MODEL_FOLDER_MISSING",
      hint: "Pass a folder laid out like the model's Hub repo (config.json, onnx/…), or a Hub repo id.",
    });
  }
  if (!isDir) {
    throw new ModelFormatError(dir, `${dir} is a file, not a model folder.`, {
      code: "MODEL_FOLDER_MISSING",
      hint: "Pass the folder that holds config.json and the onnx/ files.",
    });
  }
  const files = await listModelFolder({ dir });
  const selection = selectModelFiles({
    task: params.task,
    files,
    model: dir,
    ...(params.dtype !== undefined ? { dtype: params.dtype } : {}),
    ...(params.defaultDtype !== undefined ? { defaultDtype: params.defaultDtype } : {}),
  });
  return { dir, selection };
}
