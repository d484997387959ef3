import { AbortError, type Dtype } from "@hftool/core";
import { ModelFormatError } from "../../errors/errors.js";
import { readModelJson } from "../../model/read-model-json.js";
import type { ResolvedDevice } from "../../runtime/resolve-device.js";
import { loadTransformers, type Transformers } from "../../transformers/load-transformers.js";
import { transformersDevice } from "../../transformers/transformers-device.js";
import { locateModelFiles } from "../locate-model-files.js";
import type { LoadPipelineParams } from "../pipeline.js";
import { deviceFor } from "../device-for.js";

/** What every text pipeline starts from: a transformers.js pipeline and what it was loaded with. */
export interface LoadedTransformersPipeline {
  /** The transformers.js pipeline (callable, with `model` and `tokenizer`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  pipe: any;
  transformers: Transformers;
  dir: string;
  device: ResolvedDevice;
  dtype: Dtype;
  notices: string[];
  /** The model's config.json. */
  config: Record<string, unknown>;
  /** The model's generation_config.json, when it has one. */
  generationConfig?: Record<string, unknown>;
}

/** Parameters of {@link loadTransformersPipeline}. */
export interface LoadTransformersPipelineParams extends LoadPipelineParams {
  /** Canonical hftool task name. */
  task: string;
  /** What the model should be, for the hint when it is not (`an NLI classifier such as …`). */
  expected: string;
}

/**
 * Loads a transformers.js text pipeline from a local model folder: picks the weight variant and
 * device, and turns transformers.js's loading errors into a {@link ModelFormatError} that says
 * what kind of model the task needs.
 */
export async function loadTransformersPipeline(
  params: LoadTransformersPipelineParams,
): Promise<LoadedTransformersPipeline> {
  const device = await deviceFor(params);
  const { dir, selection } = await locateModelFiles({
    model: params.model,
    task: params.task,
    ...(params.dtype !== undefined ? { dtype: params.dtype } : {}),
    ...(params.defaultDtype !== undefined ? { defaultDtype: params.defaultDtype } : {}),
  });
  const config = (await readModelJson(dir, "config.json")) ?? {};
  const generationConfig = await readModelJson(dir, "generation_config.json");
  const transformers = await loadTransformers();
  if (params.signal?.aborted) throw new AbortError();
  // decoder-only repos exported before transformers.js 3 name their one session decoder_model_merged
  const single = selection.sessions.length === 1 ? selection.sessions[0] : undefined;
  let pipe;
  try {
    pipe = await transformers.pipeline(params.task as never, dir, {
      device: transformersDevice(device),
      dtype: selection.dtype,
      local_files_only: true,
      subfolder: selection.onnxFolder,
      ...(single && single !== "model" ? { model_file_name: single } : {}),
      session_options: { executionProviders: device.executionProviders },
    } as never);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelFormatError(dir, `Cannot load ${dir} for ${params.task}: ${message}`, {
      code: "MODEL_LOAD_FAILED",
      hint: `${params.task} needs ${params.expected}, with its tokenizer files ('hftool models -t ${params.task}' lists some).`,
      cause: error,
    });
  }
  const notices: string[] = [];
  if (selection.fallbackNotice && selection.requestedDtype !== "auto") notices.push(selection.fallbackNotice);
  return {
    pipe,
    transformers,
    dir,
    device,
    dtype: selection.dtype,
    notices,
    config,
    ...(generationConfig ? { generationConfig } : {}),
  };
}
