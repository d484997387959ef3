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
    const config = this.loaded.config;
    const multiLabel = config.problem_type === "multi_label_classification";
    // scored here rather than by transformers.js's pipeline, whose top-k runs a second ONNX
    // session per call (its threads then compete with the model's)
    const inputs = this.tokenizer(text, { padding: true, truncation: true });
    const { logits } = (await this.step(options, () => this.loaded.pipe.model(inputs))) as {
      logits: { data: Float32Array };
    };
    const raw = Array.from(logits.data);
    let scores: number[];
    if (multiLabel) {
      scores = raw.map((x) => 1 / (1 + Math.exp(-x)));
    } else {
      const max = Math.max(...raw);
      const exp = raw.map((x) => Math.exp(x - max));
      const total = exp.reduce((a, b) => a + b, 0);
      scores = exp.map((e) => e / total);
    }
    const id2label = (config.id2label ?? {}) as Record<string, string>;
    const labels: LabelScore[] = scores
      .map((score, i) => ({ label: String(id2label[i] ?? `LABEL_${i}`), score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, topK ?? scores.length);
    return {
      kind: "text-labels",
      task: this.task,
      text,
      labels,
      multiLabel,
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
