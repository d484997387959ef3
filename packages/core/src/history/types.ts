/** Where a history entry came from. */
export type HistorySource = "run" | "batch" | "interactive" | "rerun";

/** One run, as the history file stores it (one JSON object per line). */
export interface HistoryEntry {
  /** Increasing number, unique within the file. */
  id: number;
  /** ISO 8601 time the run started. */
  time: string;
  source: HistorySource;
  /** Canonical task name. */
  task: string;
  /** Hub repo id or local folder, as resolved. */
  model: string;
  /** Revision asked for (`main`, a tag), when the model came from the Hub. */
  revision?: string;
  /** Commit the snapshot resolved to. */
  commit?: string;
  /** The input as the user gave it (text, path, URL). */
  input: string;
  /** Output file written, absolute. */
  output?: string;
  /** Model parameters given after `--`, parsed. */
  extra: Record<string, unknown>;
  /** Every parameter the pipeline received (registry, config, `--`), for the record. */
  params: Record<string, unknown>;
  device?: string;
  /** Execution provider actually used (`cpu`, `cuda` …). */
  provider?: string;
  dtype?: string;
  seed?: number;
  /** Output format, when chosen explicitly. */
  format?: string;
  durationMs: number;
  success: boolean;
  error?: { code: string; message: string };
}

/** What callers provide; the id is assigned on append. */
export type NewHistoryEntry = Omit<HistoryEntry, "id">;
