import type { TextTaskResult } from "../pipelines/text/text-results.js";

/** The shortest decimal that reads back as the same float32 (0.1, not 0.10000000149011612). */
function float32(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  for (let precision = 6; precision < 9; precision++) {
    const short = Number(value.toPrecision(precision));
    if (Math.fround(short) === value) return short;
  }
  return Number(value.toPrecision(9));
}

function vector(values: Float32Array, shape: readonly number[]): unknown {
  if (shape.length <= 1) return Array.from(values, float32);
  const [rows, ...rest] = shape;
  const size = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: rows! }, (_, r) => vector(values.subarray(r * size, (r + 1) * size), rest));
}

const withNotices = (notices: readonly string[]) => (notices.length ? { notices: [...notices] } : {});

/**
 * The structured form of a text task's result, as written to `.json` files and `--json` output:
 * snake_case keys as in Hugging Face's own outputs, embeddings as plain (nested) number arrays.
 */
export function textResultToJson(result: TextTaskResult): Record<string, unknown> {
  switch (result.kind) {
    case "text-labels":
      return {
        text: result.text,
        labels: result.labels.map((l) => ({ label: l.label, score: l.score })),
        multi_label: result.multiLabel,
        ...withNotices(result.notices),
      };
    case "entities":
      return {
        text: result.text,
        entities: result.entities.map((e) => ({
          entity: e.entity,
          word: e.word,
          score: e.score,
          ...(e.start !== undefined ? { start: e.start, end: e.end } : {}),
        })),
        grouped: result.grouped,
        ...withNotices(result.notices),
      };
    case "answers":
      return {
        question: result.question,
        context: result.context,
        answers: result.answers.map((a) => ({
          answer: a.answer,
          score: a.score,
          ...(a.start !== undefined ? { start: a.start, end: a.end } : {}),
        })),
        ...withNotices(result.notices),
      };
    case "mask-fills":
      return {
        text: result.text,
        mask_token: result.maskToken,
        masks: result.masks.map((m) => ({
          start: m.start,
          end: m.end,
          fills: m.fills.map((f) => ({
            token: f.token,
            token_id: f.tokenId,
            score: f.score,
            sequence: f.sequence,
          })),
        })),
        ...withNotices(result.notices),
      };
    case "generated-text":
      return {
        text: result.text,
        input: result.input,
        ...(result.prompt !== undefined ? { prompt: result.prompt } : {}),
        ...(result.languages
          ? { source_lang: result.languages.source ?? null, target_lang: result.languages.target }
          : {}),
        finish_reason: result.finishReason,
        ...(result.stop !== undefined ? { stop: result.stop } : {}),
        prompt_tokens: result.promptTokens,
        ...(result.droppedMessages !== undefined ? { dropped_messages: result.droppedMessages } : {}),
        tokens: result.tokens,
        ...(result.seed !== undefined ? { seed: result.seed } : {}),
        temperature: result.sampling.temperature,
        top_p: result.sampling.topP,
        top_k: result.sampling.topK,
        tokens_per_second: Math.round(result.tokensPerSecond * 10) / 10,
        ...withNotices(result.notices),
      };
    case "embeddings":
      return {
        count: result.inputs.length,
        dims: result.dims,
        pooling: result.pooling,
        normalized: result.normalized,
        embeddings: result.inputs.map((text, i) => ({
          text,
          embedding: vector(result.embeddings[i]!, result.shapes[i]!),
        })),
        ...withNotices(result.notices),
      };
  }
}
