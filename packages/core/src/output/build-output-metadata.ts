import type { OutputMetadata } from "./output-metadata.js";

/** Parameters of {@link buildOutputMetadata}. */
export interface BuildOutputMetadataParams {
  hftoolVersion: string;
  /** Canonical task name. */
  task: string;
  /** Hub repo id or local model folder. */
  model: string;
  revision?: string;
  commit?: string;
  /** The run's input as the user gave it: text, a path or a URL. */
  input?: string;
  /** Pipeline parameters. Values that JSON cannot hold are written as text. @default {} */
  params?: Readonly<Record<string, unknown>>;
  seed?: number;
  device?: string;
  dtype?: string;
  format?: string;
  /** Durations in milliseconds; rounded to 0.1 ms. */
  timings?: Readonly<Record<string, number>>;
  /** @default new Date() */
  date?: Date;
}

/** Longest input text kept in metadata; long prompts and documents are cut with an ellipsis. */
export const MAX_METADATA_INPUT_LENGTH = 500;

function toJsonValue(value: unknown, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return value.toString();
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return undefined;
  if (ArrayBuffer.isView(value)) return `<${value.constructor.name} ${value.byteLength} bytes>`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") {
    if (seen.has(value)) return "<circular>";
    seen.add(value);
    if (Array.isArray(value)) return value.map((v) => toJsonValue(v, seen) ?? null);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const json = toJsonValue(v, seen);
      if (json !== undefined) out[k] = json;
    }
    return out;
  }
  return String(value);
}

/**
 * Builds the metadata record of an output (see {@link OutputMetadata}): parameters made
 * JSON-safe (typed arrays, bigints and non-finite numbers become text), long input text cut to
 * {@link MAX_METADATA_INPUT_LENGTH} characters, timings rounded, empty fields left out.
 */
export function buildOutputMetadata(params: BuildOutputMetadataParams): OutputMetadata {
  const input =
    params.input !== undefined && params.input.length > MAX_METADATA_INPUT_LENGTH
      ? `${params.input.slice(0, MAX_METADATA_INPUT_LENGTH - 1)}…`
      : params.input;
  const timings =
    params.timings && Object.keys(params.timings).length > 0
      ? Object.fromEntries(
          Object.entries(params.timings).map(([k, v]) => [k, Math.round(v * 10) / 10] as const),
        )
      : undefined;
  const metadata: OutputMetadata = {
    hftool_version: params.hftoolVersion,
    task: params.task,
    model: params.model,
    ...(params.revision !== undefined ? { revision: params.revision } : {}),
    ...(params.commit !== undefined ? { commit: params.commit } : {}),
    ...(input !== undefined ? { input } : {}),
    params: (toJsonValue(params.params ?? {}) as Record<string, unknown>) ?? {},
    ...(params.seed !== undefined ? { seed: params.seed } : {}),
    ...(params.device !== undefined ? { device: params.device } : {}),
    ...(params.dtype !== undefined ? { dtype: params.dtype } : {}),
    ...(params.format !== undefined ? { format: params.format } : {}),
    ...(timings ? { timings_ms: timings } : {}),
    created_at: (params.date ?? new Date()).toISOString(),
  };
  return metadata;
}
