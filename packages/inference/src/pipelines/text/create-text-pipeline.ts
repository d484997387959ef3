import { NotSupportedError, resolveTask } from "@hftool/core";
import type { LoadPipelineParams, Pipeline } from "../pipeline.js";
import { createFeatureExtractionPipeline } from "./feature-extraction-pipeline.js";
import { createFillMaskPipeline } from "./fill-mask-pipeline.js";
import { createQuestionAnsweringPipeline } from "./question-answering-pipeline.js";
import { createText2TextPipeline } from "./text2text-pipeline.js";
import { createTextClassificationPipeline } from "./text-classification-pipeline.js";
import { createTextGenerationPipeline } from "./text-generation-pipeline.js";
import type { TextTaskResult } from "./text-results.js";
import { createTokenClassificationPipeline } from "./token-classification-pipeline.js";
import { createZeroShotClassificationPipeline } from "./zero-shot-classification-pipeline.js";

/** The text tasks, by canonical name. */
export const TEXT_PIPELINE_TASKS: readonly string[] = [
  "text-generation",
  "text-classification",
  "zero-shot-classification",
  "token-classification",
  "question-answering",
  "fill-mask",
  "summarization",
  "translation",
  "text2text-generation",
  "feature-extraction",
];

/** Parameters of {@link createTextPipeline}. */
export interface CreateTextPipelineParams extends LoadPipelineParams {
  /** A text task name or alias (`sentiment`, `ner`, `qa`, `llm`, `embed`, …). */
  task: string;
}

/**
 * Loads the pipeline of a text task from a model folder laid out like its Hub repo: text and
 * zero-shot classification, named entities, question answering, fill-mask, summarization,
 * translation, text-to-text and text generation, embeddings — all on transformers.js, local
 * files only.
 *
 * @throws {NotSupportedError} for a task that is not a text task.
 * @throws {ModelFormatError} when the folder does not hold a model for the task.
 */
export async function createTextPipeline(
  params: CreateTextPipelineParams,
): Promise<Pipeline<string, TextTaskResult>> {
  const { task: name, ...load } = params;
  const task = resolveTask(name).name;
  switch (task) {
    case "text-classification":
      return createTextClassificationPipeline(load);
    case "zero-shot-classification":
      return createZeroShotClassificationPipeline(load);
    case "token-classification":
      return createTokenClassificationPipeline(load);
    case "question-answering":
      return createQuestionAnsweringPipeline(load);
    case "fill-mask":
      return createFillMaskPipeline(load);
    case "summarization":
    case "translation":
    case "text2text-generation":
      return createText2TextPipeline({ ...load, task });
    case "text-generation":
      return createTextGenerationPipeline(load);
    case "feature-extraction":
      return createFeatureExtractionPipeline(load);
    default:
      throw new NotSupportedError(`${task} is not a text task.`, {
        hint: `Text tasks: ${TEXT_PIPELINE_TASKS.join(", ")}.`,
      });
  }
}
