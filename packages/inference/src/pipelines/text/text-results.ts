/** A label with its probability. */
export interface LabelScore {
  label: string;
  /** Probability in [0, 1]. */
  score: number;
}

/** Labels for a text (text classification, zero-shot classification), best first. */
export interface TextLabelsResult {
  kind: "text-labels";
  task: "text-classification" | "zero-shot-classification";
  text: string;
  labels: LabelScore[];
  /** Scores are independent (sigmoid / `multi_label`), not one distribution that sums to 1. */
  multiLabel: boolean;
  /** Things the user should know (the text was cut to fit the model, …). */
  notices: string[];
}

/** A named entity found in a text. */
export interface TextEntity {
  /** The tag (`PER`, `LOC`; `B-PER` for ungrouped tokens). */
  entity: string;
  /** The text as it appears in the input (or as the tokenizer spells it, when it cannot be found). */
  word: string;
  score: number;
  /** Character offsets into the input, when the entity was found there. */
  start?: number;
  end?: number;
}

/** Named entities (token classification). */
export interface EntitiesResult {
  kind: "entities";
  text: string;
  entities: TextEntity[];
  /** Sub-word tokens were grouped into whole entities (`aggregation: simple`). */
  grouped: boolean;
  notices: string[];
}

/** An answer found in the context. */
export interface TextAnswer {
  /** The answer as written in the context (or as the tokenizer spells it, when it cannot be found). */
  answer: string;
  score: number;
  /** Character offsets into the context, when the answer was found there. */
  start?: number;
  end?: number;
}

/** Answers to a question (question answering), best first. */
export interface AnswersResult {
  kind: "answers";
  question: string;
  context: string;
  answers: TextAnswer[];
  notices: string[];
}

/** A candidate for a masked word. */
export interface MaskFill {
  /** The word, as the tokenizer spells it. */
  token: string;
  tokenId: number;
  score: number;
  /** The input with this mask replaced by the word. */
  sequence: string;
}

/** Candidates for each mask of a text (fill-mask). */
export interface MaskFillsResult {
  kind: "mask-fills";
  text: string;
  /** The model's mask token (`[MASK]`, `<mask>`). */
  maskToken: string;
  /** One entry per mask, in order. */
  masks: { start: number; end: number; fills: MaskFill[] }[];
  notices: string[];
}

/** Why generation ended. */
export type FinishReason = "eos" | "stop" | "length";

/** Generated text (text generation, summarization, translation, text-to-text). */
export interface GeneratedTextResult {
  kind: "generated-text";
  task: "text-generation" | "summarization" | "translation" | "text2text-generation";
  /** The input as given. */
  input: string;
  /** The generated text only (not the prompt), cut before a stop string. */
  text: string;
  /** What the model was given, after its chat template (text generation). */
  prompt?: string;
  /** Tokens in the prompt. */
  promptTokens: number;
  /** Tokens generated, the end token included. */
  tokens: number;
  finishReason: FinishReason;
  /** The stop string that ended generation. */
  stop?: string;
  /** Seed of the sampling, so the run can be repeated (absent for greedy decoding). */
  seed?: number;
  /** Sampling settings used (temperature 0 is greedy decoding). */
  sampling: { temperature: number; topP: number; topK: number };
  /** Time from the first model call to the last token, in ms. */
  durationMs: number;
  /** Generated tokens per second. */
  tokensPerSecond: number;
  /**
   * Messages left out from the start of a chat that was longer than the model reads (the system
   * prompt and the last message always stay). Absent when the whole chat was read.
   */
  droppedMessages?: number;
  /** Source and target language, for multilingual translation. */
  languages?: { source?: string; target: string };
  notices: string[];
}

/** How token vectors became one vector per input. */
export type Pooling = "mean" | "cls" | "last_token" | "none";

/** Embedding vectors (feature extraction). */
export interface EmbeddingsResult {
  kind: "embeddings";
  /** The texts embedded, one per non-empty line (or the whole text). */
  inputs: string[];
  /** One flat vector per input: `dims` values (pooled), or tokens × `dims` (`pooling: none`). */
  embeddings: Float32Array[];
  /** Shape of each input's embedding: `[dims]`, or `[tokens, dims]` with `pooling: none`. */
  shapes: number[][];
  /** Size of each vector. */
  dims: number;
  pooling: Pooling;
  normalized: boolean;
  notices: string[];
}

/** What the text pipelines return. */
export type TextTaskResult =
  | TextLabelsResult
  | EntitiesResult
  | AnswersResult
  | MaskFillsResult
  | GeneratedTextResult
  | EmbeddingsResult;
