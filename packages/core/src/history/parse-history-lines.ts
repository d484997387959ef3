import type { HistoryEntry } from "./types.js";

/** Entries of a history file's text, oldest first; lines that are not entries are counted, not fatal. */
export function parseHistoryLines(text: string): { entries: HistoryEntry[]; invalidLines: number } {
  const entries: HistoryEntry[] = [];
  let invalidLines = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const value = JSON.parse(line) as Partial<HistoryEntry>;
      if (typeof value.id === "number" && typeof value.task === "string") {
        entries.push({
          extra: {},
          params: {},
          input: "",
          model: "",
          source: "run",
          time: "",
          durationMs: 0,
          success: true,
          ...value,
        } as HistoryEntry);
      } else {
        invalidLines++;
      }
    } catch {
      invalidLines++;
    }
  }
  return { entries, invalidLines };
}
