import { readFile } from "node:fs/promises";
import { parseHistoryLines } from "./parse-history-lines.js";
import type { HistoryEntry } from "./types.js";

/** Parameters of {@link readHistory}. */
export interface ReadHistoryParams {
  file: string;
  /** Most entries returned. @default Infinity */
  limit?: number;
}

/** History entries, newest first. A missing file is an empty history; broken lines are skipped. */
export async function readHistory({
  file,
  limit = Number.POSITIVE_INFINITY,
}: ReadHistoryParams): Promise<{ entries: HistoryEntry[]; invalidLines: number }> {
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const { entries, invalidLines } = parseHistoryLines(text);
  return { entries: entries.reverse().slice(0, limit), invalidLines };
}
