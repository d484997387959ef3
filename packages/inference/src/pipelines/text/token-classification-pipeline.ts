import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { loadTransformersPipeline } from "./load-transformers-pipeline.js";
import { prepareTextTaskInput } from "./prepare-text-task-input.js";
import { readChoice } from "./read-params.js";
import { findInText } from "./support/find-in-text.js";
import { splitTextForModel } from "./support/split-text-for-model.js";
import { TextPipelineBase } from "./text-pipeline-base.js";
import type { EntitiesResult, TextEntity } from "./text-results.js";

/** Parameters of token classification, as in core's task registry. */
export interface TokenClassificationParams {
  /** `simple` groups sub-word tokens into whole entities (B-/I- tags merged); `none` lists tokens. @default "simple" */
  aggregation?: "simple" | "none";
}

type RawEntity = { entity?: string; entity_group?: string; word: string; score: number };

/**
 * Named-entity recognition through transformers.js, with what it leaves out: character offsets
 * of each entity in the input (and its spelling there, not the lower-cased tokens of an uncased
 * model), and texts longer than the model reads, which are cut at sentence ends and run piece by
 * piece instead of being truncated.
 */
export class TokenClassificationPipeline extends TextPipelineBase<EntitiesResult> {
  readonly task = "token-classification";

  async run(input: string, options: PipelineRunOptions = {}): Promise<EntitiesResult> {
    const params = options.params ?? {};
    const { text } = prepareTextTaskInput({ task: this.task, text: input, params });
    const aggregation =
      readChoice(params, "aggregation", ["simple", "none"] as const, {
        grouped: "simple",
        first: "simple",
        true: "simple",
        false: "none",
      }) ?? "simple";
    const pieces = splitTextForModel({
      text,
      maxTokens: this.maxTokens - 2,
      countTokens: (t) => this.countTokens(t),
    });
    const entities: TextEntity[] = [];
    for (const [index, piece] of pieces.entries()) {
      options.onProgress?.({ stage: "tagging", done: index, total: pieces.length, unit: "chunks" });
      const found = (await this.step(options, () =>
        this.loaded.pipe(piece.text, { aggregation_strategy: aggregation }),
      )) as RawEntity[];
      let cursor = 0;
      for (const raw of found) {
        const span = findInText(piece.text, raw.word, cursor);
        const entity: TextEntity = {
          entity: raw.entity_group ?? raw.entity ?? "",
          word: span ? piece.text.slice(span.start, span.end) : raw.word,
          score: raw.score,
        };
        if (span) {
          entity.start = piece.start + span.start;
          entity.end = piece.start + span.end;
          cursor = span.end;
        }
        entities.push(entity);
      }
    }
    return {
      kind: "entities",
      text,
      entities,
      grouped: aggregation === "simple",
      notices: [],
    };
  }
}

/** Loads a token classifier (e.g. BERT NER) from a model folder. */
export async function createTokenClassificationPipeline(
  params: LoadPipelineParams,
): Promise<TokenClassificationPipeline> {
  const loaded = await loadTransformersPipeline({
    ...params,
    task: "token-classification",
    expected: "a token classification model (…ForTokenClassification, e.g. BERT NER)",
  });
  return new TokenClassificationPipeline(loaded);
}
