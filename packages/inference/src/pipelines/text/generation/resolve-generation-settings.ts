import { randomInt } from "node:crypto";
import { readNumber, readStrings } from "../read-params.js";
import type { SamplingSettings } from "./sample-token.js";

/** Everything that steers one generation. */
export interface GenerationSettings extends SamplingSettings {
  maxNewTokens: number;
  minNewTokens?: number;
  repetitionPenalty?: number;
  /** Seed of the sampling; absent for greedy decoding (temperature 0). */
  seed?: number;
  /** Generation ends at the first of these; it is not part of the text. */
  stop: string[];
}

/** Parameters of {@link resolveGenerationSettings}. */
export interface ResolveGenerationSettingsParams {
  /** Task parameters (`max_new_tokens`, `temperature`, `top_p`, `top_k`, `repetition_penalty`, `seed`, `stop`). */
  params: Readonly<Record<string, unknown>>;
  /** The model's generation_config.json: its sampling settings apply when the user sets none. */
  modelDefaults?: Readonly<Record<string, unknown>>;
  /** @default 256 */
  defaultMaxNewTokens?: number;
}

/**
 * Settles the generation settings: what the user asked for, else what the model's
 * generation_config.json recommends (its `do_sample`, `temperature`, `top_p`, `top_k`), else
 * greedy decoding. Sampling without a seed gets a random one, reported with the result so the
 * run can be repeated exactly.
 *
 * @throws {UsageError} for values out of range.
 */
export function resolveGenerationSettings({
  params,
  modelDefaults = {},
  defaultMaxNewTokens = 256,
}: ResolveGenerationSettingsParams): GenerationSettings {
  const fromModel = (name: string): number | undefined =>
    typeof modelDefaults[name] === "number" ? (modelDefaults[name] as number) : undefined;
  const modelSamples = modelDefaults.do_sample === true;
  const temperature =
    readNumber(params, "temperature", { min: 0 }) ?? (modelSamples ? (fromModel("temperature") ?? 1) : 0);
  const topP =
    readNumber(params, "top_p", { min: 0, max: 1, minExclusive: true }) ??
    (modelSamples ? (fromModel("top_p") ?? 1) : 1);
  const topK =
    readNumber(params, "top_k", { min: 0, integer: true }) ??
    (modelSamples ? (fromModel("top_k") ?? 50) : 50);
  const repetitionPenalty =
    readNumber(params, "repetition_penalty", { min: 0, minExclusive: true }) ??
    fromModel("repetition_penalty");
  const maxNewTokens = readNumber(params, "max_new_tokens", { min: 1, integer: true }) ?? defaultMaxNewTokens;
  const minNewTokens = readNumber(params, "min_new_tokens", { min: 0, integer: true });
  const seed = readNumber(params, "seed", { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true });
  return {
    maxNewTokens,
    ...(minNewTokens !== undefined ? { minNewTokens } : {}),
    temperature,
    topP,
    topK,
    ...(repetitionPenalty !== undefined && repetitionPenalty !== 1 ? { repetitionPenalty } : {}),
    ...(temperature > 0 ? { seed: seed ?? randomInt(0, 2 ** 31 - 1) } : {}),
    stop: readStrings(params, "stop"),
  };
}
