import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { loadTransformersPipeline } from "./load-transformers-pipeline.js";
import { prepareTextTaskInput } from "./prepare-text-task-input.js";
import { readTopK } from "./read-params.js";
import type { LabelScore, TextLabelsResult } from "./text-results.js";
import { TextPipelineBase } from "./text-pipeline-base.js";

/** Parameters of text classification (`-- --top_k 3`), as in core's task registry. */
export interface TextClassificationParams {
  /** How many labels to return; 0 (or `all`) returns every label. @default 1 */
  top_k?: number | "all";
}

/** Text classification (sentiment, topics, toxicity, …) through transformers.js. */
export class TextClassificationPipeline extends TextPipelineBase<TextLabelsResult> {
  readonly task = "text-classification";

  async run(input: string, options: PipelineRunOptions = {}): Promise<TextLabelsResult> {
    const params = options.params ?? {};
    const { text } = prepareTextTaskInput({ task: this.task, text: input, params });
    const topK = readTopK(params, 1);
    const notice = this.truncationNotice(text);
    const output = (await this.step(options, () => this.loaded.pipe(text, { top_k: topK }))) as
      LabelScore[] | LabelScore[][];
    const labels = (Array.isArray(output[0]) ? output[0] : output) as LabelScore[];
    return {
      kind: "text-labels",
      task: this.task,
      text,
      labels: labels.map((l) => ({ label: String(l.label), score: l.score })),
      multiLabel: this.loaded.config.problem_type === "multi_label_classification",
      notices: notice ? [notice] : [],
    };
  }
}

/** Loads a sequence classifier (e.g. DistilBERT SST-2) from a model folder. */
export async function createTextClassificationPipeline(
  params: LoadPipelineParams,
): Promise<TextClassificationPipeline> {
  const loaded = await loadTransformersPipeline({
    ...params,
    task: "text-classification",
    expected: "a sequence classification model (…ForSequenceClassification)",
  });
  return new TextClassificationPipeline(loaded);
}
