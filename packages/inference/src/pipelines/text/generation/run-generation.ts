import { AbortError } from "@hftool/core";
import { SeededRandom } from "../../../diffusion/random/seeded-random.js";
import { InferenceError } from "../../../errors/errors.js";
import type { PipelineRunOptions } from "../../pipeline.js";
import type { FinishReason, GeneratedTextResult } from "../text-results.js";
import type { GenerationSettings } from "./resolve-generation-settings.js";
import { sampleToken } from "./sample-token.js";
import { TextCollector, type Detokenizer } from "./text-collector.js";

/** Parameters of {@link runGeneration}. */
export interface RunGenerationParams {
  /**
   * Starts transformers.js generation with these extra options (`max_new_tokens`, `streamer`,
   * `logits_processor`, `stopping_criteria`, …) merged into the call's own.
   */
  generate: (options: Record<string, unknown>) => Promise<unknown>;
  tokenizer: Detokenizer;
  settings: GenerationSettings;
  /** Token ids that end generation (the model's end-of-sequence tokens). */
  eosTokenIds: readonly number[];
  /** The run's streaming and progress callbacks and its signal. */
  options?: Pick<PipelineRunOptions, "onText" | "onProgress" | "signal">;
}

/** What one generation produced: the fields every generated-text result shares. */
export type GenerationOutcome = Pick<
  GeneratedTextResult,
  "text" | "tokens" | "finishReason" | "stop" | "seed" | "sampling" | "durationMs" | "tokensPerSecond"
>;

/**
 * Runs one transformers.js generation with hftool's own sampling, streaming and stopping:
 *
 * - Sampling: transformers.js 4 draws from a process-wide random generator and ignores `top_p`,
 *   so hftool samples itself, as the last logits processor — temperature, top-k and top-p as
 *   in Hugging Face transformers, one draw from {@link SeededRandom} seeded per run — and leaves
 *   only the drawn token for transformers.js's greedy step. The same seed gives the same text.
 * - Streaming and stop strings: a {@link TextCollector} is the streamer; it ends generation at a
 *   stop string, and the signal ends it between tokens.
 *
 * @throws {AbortError} when the signal fires.
 * @throws {InferenceError} when the model fails.
 */
export async function runGeneration(params: RunGenerationParams): Promise<GenerationOutcome> {
  const { settings, options = {} } = params;
  const { signal } = options;
  const collector = new TextCollector({
    tokenizer: params.tokenizer,
    stop: settings.stop,
    ...(options.onText ? { onText: options.onText } : {}),
    onToken: (count) =>
      options.onProgress?.({
        stage: "generating",
        done: count,
        total: settings.maxNewTokens,
        unit: "tokens",
      }),
  });
  const generateOptions: Record<string, unknown> = {
    max_new_tokens: settings.maxNewTokens,
    do_sample: false,
    streamer: collector,
    stopping_criteria: [
      (inputIds: readonly unknown[]) => {
        const stop = collector.shouldStop(inputIds);
        return signal?.aborted ? stop.map(() => true) : stop;
      },
    ],
  };
  if (settings.minNewTokens !== undefined) generateOptions.min_new_tokens = settings.minNewTokens;
  if (settings.repetitionPenalty !== undefined)
    generateOptions.repetition_penalty = settings.repetitionPenalty;
  if (settings.temperature > 0) {
    const random = new SeededRandom(settings.seed ?? 0);
    const next = () => random.nextFloat();
    generateOptions.logits_processor = [
      (_inputIds: unknown, logits: { data: Float32Array; dims: number[] }) => {
        const vocab = logits.dims.at(-1)!;
        for (let row = 0; row * vocab < logits.data.length; row++) {
          const values = logits.data.subarray(row * vocab, (row + 1) * vocab);
          const token = sampleToken(values, settings, next);
          if (token < 0) continue;
          values.fill(-Infinity);
          values[token] = 0;
        }
        return logits;
      },
    ];
  }
  if (signal?.aborted) throw new AbortError();
  const started = performance.now();
  try {
    await params.generate(generateOptions);
  } catch (error) {
    if (signal?.aborted) throw new AbortError();
    throw new InferenceError(`Generation failed: ${error instanceof Error ? error.message : String(error)}`, {
      hint: "HFTOOL_DEBUG=1 shows where. If the model folder is damaged, download it again with --force.",
      cause: error,
    });
  }
  collector.end();
  const durationMs = performance.now() - started;
  if (signal?.aborted) throw new AbortError();
  const ids = collector.ids;
  const last = ids.length > 0 ? Number(ids[ids.length - 1]) : undefined;
  const finishReason: FinishReason =
    collector.stoppedBy !== undefined
      ? "stop"
      : last !== undefined && params.eosTokenIds.includes(last)
        ? "eos"
        : "length";
  return {
    text: collector.text,
    tokens: ids.length,
    finishReason,
    ...(collector.stoppedBy !== undefined ? { stop: collector.stoppedBy } : {}),
    ...(settings.seed !== undefined ? { seed: settings.seed } : {}),
    sampling: { temperature: settings.temperature, topP: settings.topP, topK: settings.topK },
    durationMs,
    tokensPerSecond: durationMs > 0 ? ids.length / (durationMs / 1000) : 0,
  };
}
