import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { loadTransformersPipeline } from "./load-transformers-pipeline.js";
import { prepareTextTaskInput } from "./prepare-text-task-input.js";
import { readNumber, readTopK } from "./read-params.js";
import { findInText } from "./support/find-in-text.js";
import { splitTextForModel } from "./support/split-text-for-model.js";
import { TextPipelineBase, type TextTokenizer } from "./text-pipeline-base.js";
import type { AnswersResult, TextAnswer } from "./text-results.js";

/** Parameters of question answering, as in core's task registry. */
export interface QuestionAnsweringParams {
  /** The text that holds the answer (or give `{question, context}` JSON as the input). */
  context?: string;
  /** How many answers to return. @default 1 */
  top_k?: number;
  /** Longest answer, in tokens. @default 15 */
  max_answer_len?: number;
}

type RawAnswer = { answer: string; score: number };
type TensorLike = { data: Float32Array; dims: number[]; tolist(): unknown[] };

/** Softmax over the positions that may hold the answer (the others get 0). */
function softmaxOver(logits: Float32Array, allowed: boolean[]): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (allowed[i] && logits[i]! > max) max = logits[i]!;
  const out = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    if (!allowed[i]) continue;
    out[i] = Math.exp(logits[i]! - max);
    total += out[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= total || 1;
  return out;
}

/**
 * Extractive question answering with a transformers.js model: finds the span of the context that
 * answers the question (at most `max_answer_len` tokens, as in Hugging Face transformers). Adds
 * what transformers.js's pipeline leaves out: the answer as written in the context with its
 * character offsets, and contexts longer than the model reads, which are cut at sentence ends and
 * searched piece by piece (the best answers of all pieces win).
 */
export class QuestionAnsweringPipeline extends TextPipelineBase<AnswersResult> {
  readonly task = "question-answering";

  async run(input: string, options: PipelineRunOptions = {}): Promise<AnswersResult> {
    const params = options.params ?? {};
    const prepared = prepareTextTaskInput({ task: this.task, text: input, params });
    const question = prepared.question!;
    const context = prepared.context!;
    const topK = readTopK(params, 1) ?? 20;
    const maxAnswer = readNumber(params, "max_answer_len", { min: 1, integer: true }) ?? 15;
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
      const output = await this.answer(question, piece.text, topK, maxAnswer, options);
      for (const raw of output) {
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

  /**
   * The best spans of one piece of context, scored as transformers does (start probability ×
   * end probability over the context tokens), among spans of at most `maxAnswer` tokens — in
   * O(tokens × maxAnswer) rather than ranking every pair of tokens.
   */
  private async answer(
    question: string,
    context: string,
    topK: number,
    maxAnswer: number,
    options: PipelineRunOptions,
  ): Promise<RawAnswer[]> {
    const tokenizer = this.tokenizer as TextTokenizer & { all_special_ids: number[]; sep_token_id: number };
    const inputs = tokenizer(question, { text_pair: context, padding: true, truncation: true });
    const output = (await this.step(options, () => this.loaded.pipe.model(inputs))) as {
      start_logits: TensorLike;
      end_logits: TensorLike;
    };
    const ids = ((inputs.input_ids as TensorLike).tolist()[0] as (number | bigint)[]).map(Number);
    const special = new Set(tokenizer.all_special_ids.map(Number));
    const sep = ids.indexOf(Number(tokenizer.sep_token_id));
    const allowed = ids.map((id, i) => i > sep && !special.has(id));
    const start = softmaxOver(output.start_logits.data, allowed);
    const end = softmaxOver(output.end_logits.data, allowed);
    const best: { from: number; to: number; score: number }[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!allowed[i]) continue;
      for (let j = i; j < Math.min(ids.length, i + maxAnswer); j++) {
        if (!allowed[j]) continue;
        const score = start[i]! * end[j]!;
        if (best.length === topK && score <= best[topK - 1]!.score) continue;
        best.push({ from: i, to: j, score });
        best.sort((a, b) => b.score - a.score);
        if (best.length > topK) best.pop();
      }
    }
    return best.map(({ from, to, score }) => ({
      answer: tokenizer.decode(ids.slice(from, to + 1), { skip_special_tokens: true }),
      score,
    }));
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
