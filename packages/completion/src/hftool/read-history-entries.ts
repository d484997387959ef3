import { open } from "node:fs/promises";

/** What completion shows of one run in the history file. */
export interface HistoryEntrySummary {
  id: string;
  task?: string;
  input?: string;
  model?: string;
  /** When it ran, as written in the file (ISO 8601). */
  time?: string;
}

/** Parameters of {@link readHistoryEntries}. */
export interface ReadHistoryEntriesParams {
  /** The history file (JSON lines, one run per line, each with an `id`). */
  file: string;
  /** Most entries returned. @default 50 */
  limit?: number;
  /** Only this many bytes from the end of the file are read. @default 262144 */
  maxBytes?: number;
}

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

/**
 * The newest entries of the history file, newest first. Reads only the end of the file and skips
 * lines it cannot parse (a run being written, an older format), so it never fails on a bad file:
 * a missing or unreadable one gives `[]`.
 */
export async function readHistoryEntries(params: ReadHistoryEntriesParams): Promise<HistoryEntrySummary[]> {
  const { file, limit = 50, maxBytes = 262_144 } = params;
  let data: string;
  try {
    const handle = await open(file, "r");
    try {
      const { size } = await handle.stat();
      const start = Math.max(0, size - maxBytes);
      const buffer = Buffer.alloc(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      data = buffer.toString("utf8");
      // A read that starts mid-file starts mid-line.
      if (start > 0) data = data.slice(data.indexOf("\n") + 1);
    } finally {
      await handle.close();
    }
  } catch {
    return [];
  }
  const entries: HistoryEntrySummary[] = [];
  const seen = new Set<string>();
  const lines = data.split("\n");
  for (let i = lines.length - 1; i >= 0 && entries.length < limit; i--) {
    const line = lines[i]!.trim();
    if (!line.startsWith("{")) continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    const id = text(record.id);
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const entry: HistoryEntrySummary = { id };
    const task = text(record.task);
    const input = text(record.input);
    const model = text(record.model);
    const time = text(record.time ?? record.timestamp ?? record.startedAt ?? record.date);
    if (task) entry.task = task;
    if (input) entry.input = input;
    if (model) entry.model = model;
    if (time) entry.time = time;
    entries.push(entry);
  }
  return entries;
}
