import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { loadTransformersPipeline } from "./load-transformers-pipeline.js";
import { prepareTextTaskInput } from "./prepare-text-task-input.js";
import { readTopK } from "./read-params.js";
import { findInText } from "./support/find-in-text.js";
import { splitTextForModel } from "./support/split-text-for-model.js";
import { TextPipelineBase } from "./text-pipeline-base.js";
import type { AnswersResult, TextAnswer } from "./text-results.js";

/** Parameters of question answering, as in core's task registry. */
export interface QuestionAnsweringParams {
  /** The text that holds the answer (or give `{question, context}` JSON as the input). */
  context?: string;
  /** How many answers to return. @default 1 */
  top_k?: number;
}

type RawAnswer = { answer: string; score: number };

/**
 * Extractive question answering through transformers.js: finds the span of the context that
 * answers the question. Adds what transformers.js leaves out: the answer as written in the
 * context with its character offsets, and contexts longer than the model reads, which are cut at
 * sentence ends and searched piece by piece (the best answers of all pieces win).
 */
export class QuestionAnsweringPipeline extends TextPipelineBase<AnswersResult> {
  readonly task = "question-answering";

  async run(input: string, options: PipelineRunOptions = {}): Promise<AnswersResult> {
    const params = options.params ?? {};
    const prepared = prepareTextTaskInput({ task: this.task, text: input, params });
    const question = prepared.question!;
    const context = prepared.context!;
    const topK = readTopK(params, 1) ?? 20;
    // [CLS] question [SEP] context [SEP]
    const budget = this.maxTokens - this.countTokens(question) - 3;
    const pieces = splitTextForModel({
      text: context,
      maxTokens: Math.max(budget, 16),
      countTokens: (t) => this.countTokens(t),
    });
    const answers: TextAnswer[] = [];
    for (const [index, piece] of pieces.entries()) {
      options.onProgress?.({ stage: "reading", done: index, total: pieces.length, unit: "chunks" });
      const output = (await this.step(options, () =>
        this.loaded.pipe(question, piece.text, { top_k: topK }),
      )) as RawAnswer | RawAnswer[];
      for (const raw of Array.isArray(output) ? output : [output]) {
        const span = findInText(piece.text, raw.answer);
        answers.push(
          span
            ? {
                answer: piece.text.slice(span.start, span.end),
                score: raw.score,
                start: piece.start + span.start,
                end: piece.start + span.end,
              }
            : { answer: raw.answer, score: raw.score },
        );
      }
    }
    const seen = new Set<string>();
    const best = answers
      .sort((a, b) => b.score - a.score)
      .filter((a) => {
        const key = a.start !== undefined ? `${a.start}:${a.end}` : a.answer;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .slice(0, topK);
    return { kind: "answers", question, context, answers: best, notices: [] };
  }
}

/** Loads an extractive QA model (…ForQuestionAnswering, e.g. DistilBERT SQuAD) from a model folder. */
export async function createQuestionAnsweringPipeline(
  params: LoadPipelineParams,
): Promise<QuestionAnsweringPipeline> {
  const loaded = await loadTransformersPipeline({
    ...params,
    task: "question-answering",
    expected: "an extractive question answering model (…ForQuestionAnswering, e.g. DistilBERT SQuAD)",
  });
  return new QuestionAnsweringPipeline(loaded);
}
