/**
 * What hftool records about an output: enough to know where it came from and to make it again.
 * Stored as JSON (snake_case keys, like the Python hftool's `hftool` PNG chunk) in a PNG's
 * `hftool` text chunk, or in the `<output>.hftool.json` sidecar for every other format.
 */
export interface OutputMetadata {
  /** Version of the tool that wrote the output. */
  hftool_version: string;
  /** Canonical task name. */
  task: string;
  /** Hub repo id, or the local folder the model was loaded from. */
  model: string;
  /** Branch, tag or commit asked for (Hub models). */
  revision?: string;
  /** Commit the files came from (Hub models). */
  commit?: string;
  /** The input: text (at most 500 characters), a file name or a URL. */
  input?: string;
  /** Pipeline parameters after merging registry, config and command line. */
  params: Record<string, unknown>;
  /** Random seed, when the run used one. */
  seed?: number;
  /** Where the model ran (`cpu`, `cuda`, …). */
  device?: string;
  /** Weight variant used (`fp32`, `q8`, …). */
  dtype?: string;
  /** Format of the output (`srt`, `wav`, `png`). */
  format?: string;
  /** Durations in milliseconds (`load`, `run`, `total`, …). */
  timings_ms?: Record<string, number>;
  /** When the output was written, ISO 8601 in UTC. */
  created_at: string;
}
