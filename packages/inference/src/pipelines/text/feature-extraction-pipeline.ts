import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { loadTransformersPipeline } from "./load-transformers-pipeline.js";
import { prepareTextTaskInput } from "./prepare-text-task-input.js";
import { readBoolean, readChoice } from "./read-params.js";
import { TextPipelineBase } from "./text-pipeline-base.js";
import type { EmbeddingsResult, Pooling } from "./text-results.js";

/** Parameters of feature extraction, as in core's task registry. */
export interface FeatureExtractionParams {
  /** How token vectors become one vector: `mean`, `cls` (first token), `last_token`, or `none` (one per token). @default "mean" */
  pooling?: Pooling;
  /** Scale each vector to unit length (cosine similarity becomes a dot product). @default true */
  normalize?: boolean;
  /** Embed each non-empty line on its own; false embeds the whole text as one. @default true */
  lines?: boolean;
}

type TensorLike = { data: Float32Array; dims: number[] };

/** Lines embedded per model call when vectors are pooled over the tokens of each line. */
const BATCH = 32;

/**
 * Embeddings (sentence-transformers, BGE, E5, GTE, …) through transformers.js: one vector per
 * input line, pooled and normalized as asked. Pooled lines are embedded in batches; per-token
 * vectors (`pooling: none`) and last-token pooling go one line at a time, so padding never
 * changes a line's result.
 */
export class FeatureExtractionPipeline extends TextPipelineBase<EmbeddingsResult> {
  readonly task = "feature-extraction";

  async run(input: string, options: PipelineRunOptions = {}): Promise<EmbeddingsResult> {
    const params = options.params ?? {};
    const { texts } = prepareTextTaskInput({ task: this.task, text: input, params });
    const inputs = texts!;
    const pooling =
      readChoice(params, "pooling", ["mean", "cls", "last_token", "none"] as const, {
        first_token: "cls",
        first: "cls",
        last: "last_token",
        eos: "last_token",
        average: "mean",
      }) ?? "mean";
    const normalized = readBoolean(params, "normalize") ?? true;
    const batch = pooling === "mean" || pooling === "cls" ? BATCH : 1;
    const embeddings: Float32Array[] = [];
    const shapes: number[][] = [];
    const notices: string[] = [];
    let truncated = 0;
    for (let at = 0; at < inputs.length; at += batch) {
      options.onProgress?.({ stage: "embedding", done: at, total: inputs.length, unit: "steps" });
      const group = inputs.slice(at, at + batch);
      for (const line of group) if (this.truncationNotice(line)) truncated++;
      const tensor = (await this.step(options, () =>
        this.loaded.pipe(group, { pooling, normalize: normalized }),
      )) as TensorLike;
      const perInput = tensor.dims.slice(1);
      const size = perInput.reduce((a, b) => a * b, 1);
      for (let i = 0; i < group.length; i++) {
        embeddings.push(tensor.data.slice(i * size, (i + 1) * size));
        shapes.push([...perInput]);
      }
    }
    options.onProgress?.({ stage: "embedding", done: inputs.length, total: inputs.length, unit: "steps" });
    if (truncated > 0) {
      notices.push(
        `${truncated === 1 && inputs.length === 1 ? "The input is" : `${truncated} of ${inputs.length} lines are`} longer than the model reads (${this.maxTokens} tokens): only the beginning was embedded.`,
      );
    }
    return {
      kind: "embeddings",
      inputs,
      embeddings,
      shapes,
      dims: shapes[0]?.at(-1) ?? 0,
      pooling,
      normalized,
      notices,
    };
  }
}

/** Loads an embedding model (a sentence-transformers-style encoder with `last_hidden_state`). */
export async function createFeatureExtractionPipeline(
  params: LoadPipelineParams,
): Promise<FeatureExtractionPipeline> {
  const loaded = await loadTransformersPipeline({
    ...params,
    task: "feature-extraction",
    expected: "an embedding model (an encoder such as all-MiniLM-L6-v2 or bge-small)",
  });
  return new FeatureExtractionPipeline(loaded);
}
