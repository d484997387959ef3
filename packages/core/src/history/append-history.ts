import { appendFile, readFile } from "node:fs/promises";
import { writeFileAtomic } from "../fs/write-file-atomic.js";
import { withFileLock } from "../lock/with-file-lock.js";
import { parseHistoryLines } from "./parse-history-lines.js";
import type { HistoryEntry, NewHistoryEntry } from "./types.js";

/** Parameters of {@link appendHistory}. */
export interface AppendHistoryParams {
  /** The history file (JSON lines); created when missing. */
  file: string;
  entry: NewHistoryEntry;
  /** Oldest entries are dropped beyond this many. @default 1000 */
  maxEntries?: number;
}

/**
 * Adds one entry under a lock, so appends from concurrent processes never interleave and ids stay
 * unique. When the file outgrows `maxEntries` it is rewritten atomically with the newest entries
 * (the one just added always among them); unreadable lines are dropped then.
 */
export async function appendHistory({
  file,
  entry,
  maxEntries = 1000,
}: AppendHistoryParams): Promise<HistoryEntry> {
  return withFileLock({
    path: `${file}.lock`,
    fn: async () => {
      let text = "";
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
      const { entries } = parseHistoryLines(text);
      const id = entries.reduce((max, e) => Math.max(max, e.id), 0) + 1;
      const full: HistoryEntry = { id, ...entry };
      const line = `${JSON.stringify(full)}\n`;
      // Compact with some slack so a full history is not rewritten on every run.
      if (entries.length + 1 > maxEntries + Math.max(1, Math.floor(maxEntries / 10))) {
        const kept = [...entries.slice(-(maxEntries - 1)), full];
        await writeFileAtomic({ path: file, data: kept.map((e) => `${JSON.stringify(e)}\n`).join("") });
      } else {
        const prefix = text.length > 0 && !text.endsWith("\n") ? "\n" : "";
        await appendFile(file, prefix + line);
      }
      return full;
    },
  });
}
