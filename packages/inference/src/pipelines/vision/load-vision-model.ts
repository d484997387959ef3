import { AbortError, type Dtype } from "@hftool/core";
import { ModelFormatError } from "../../errors/errors.js";
import { readModelJson } from "../../model/read-model-json.js";
import type { ResolvedDevice } from "../../runtime/resolve-device.js";
import { loadTransformers, type Transformers } from "../../transformers/load-transformers.js";
import { transformersDevice } from "../../transformers/transformers-device.js";
import { locateModelFiles } from "../locate-model-files.js";
import type { LoadPipelineParams } from "../pipeline.js";
import { deviceFor } from "../device-for.js";

/** A transformers.js pipeline object: callable, with its model and processor. */
export type TransformersVisionCall = ((...args: unknown[]) => Promise<unknown>) & {
  model: { config: Record<string, unknown>; sessions: Record<string, { inputNames: string[] }> };
  processor?: unknown;
  tokenizer?: unknown;
  dispose(): Promise<unknown>;
};

/** A vision model loaded through transformers.js, with what the pipelines need to know about it. */
export interface LoadedVisionModel {
  call: TransformersVisionCall;
  transformers: Transformers;
  dir: string;
  device: ResolvedDevice;
  dtype: Dtype;
  notices: string[];
  /** The model's config.json. */
  config: Record<string, unknown>;
  /** Its preprocessor_config.json, when it has one. */
  preprocessor: Record<string, unknown>;
}

/** Parameters of {@link loadVisionModel}. */
export interface LoadVisionModelParams extends LoadPipelineParams {
  /** hftool's task name (`image-upscaling`). */
  task: string;
  /** The transformers.js pipeline that runs it (`image-to-image`). */
  transformersTask: string;
  /** What the model should be, for the hint when it does not load (`an object detection model (DETR, YOLOS)`). */
  expected: string;
  /**
   * Config to load with instead of the folder's own, when transformers.js cannot map the
   * model's `model_type` to a class by itself.
   */
  patchConfig?: (
    config: Record<string, unknown>,
    transformers: Transformers,
  ) => Record<string, unknown> | undefined;
}

/**
 * Loads a vision model folder through transformers.js with local files only: resolves the
 * device, picks the weight variant present, reads config.json and preprocessor_config.json, and
 * turns a load failure into a {@link ModelFormatError} that says what kind of model was expected.
 */
export async function loadVisionModel(params: LoadVisionModelParams): Promise<LoadedVisionModel> {
  const device = await deviceFor(params);
  const { dir, selection } = await locateModelFiles({
    model: params.model,
    task: params.task,
    ...(params.dtype !== undefined ? { dtype: params.dtype } : {}),
    ...(params.defaultDtype !== undefined ? { defaultDtype: params.defaultDtype } : {}),
  });
  const config = await readModelJson(dir, "config.json");
  if (!config) {
    throw new ModelFormatError(dir, `${dir} has no config.json, which the ${params.task} pipeline needs.`, {
      code: "MODEL_CONFIG_MISSING",
      hint: "Point -m at the model's top folder (the one with config.json and onnx/).",
    });
  }
  const preprocessor = (await readModelJson(dir, "preprocessor_config.json")) ?? {};
  const transformers = await loadTransformers();
  const patched = params.patchConfig?.(config, transformers);
  if (params.signal?.aborted) throw new AbortError();
  let call: TransformersVisionCall;
  try {
    call = (await transformers.pipeline(params.transformersTask as never, dir, {
      device: transformersDevice(device),
      dtype: selection.dtype,
      local_files_only: true,
      subfolder: selection.onnxFolder,
      session_options: { executionProviders: device.executionProviders },
      ...(patched ? { config: patched } : {}),
    } as never)) as unknown as TransformersVisionCall;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelFormatError(dir, `Cannot load ${dir} for ${params.task}: ${message}`, {
      code: "MODEL_LOAD_FAILED",
      hint: `Check that it is ${params.expected}, with its config.json and preprocessor_config.json.`,
      cause: error,
    });
  }
  const notices: string[] = [];
  if (selection.fallbackNotice && selection.requestedDtype !== "auto") notices.push(selection.fallbackNotice);
  return { call, transformers, dir, device, dtype: selection.dtype, notices, config, preprocessor };
}
