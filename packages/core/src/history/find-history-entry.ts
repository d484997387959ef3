import { HftoolError } from "../errors/hftool-error.js";
import { readHistory } from "./read-history.js";
import type { HistoryEntry } from "./types.js";

/**
 * The entry with this id (or `last` / `-1` for the newest).
 * @throws {HftoolError} `HISTORY_NOT_FOUND` naming the ids that exist.
 */
export async function findHistoryEntry({
  file,
  id,
}: {
  file: string;
  id: number | string;
}): Promise<HistoryEntry> {
  const { entries } = await readHistory({ file });
  const wanted = id === "last" || id === -1 || id === "-1" ? entries[0]?.id : Number(id);
  const entry = entries.find((e) => e.id === wanted);
  if (!entry) {
    const range = entries.length
      ? ` Entries go from ${entries[entries.length - 1]!.id} to ${entries[0]!.id}.`
      : " The history is empty.";
    throw new HftoolError("HISTORY_NOT_FOUND", `No history entry with id ${String(id)}.${range}`, {
      hint: "Run 'hftool history' to list recent runs.",
      details: { id },
    });
  }
  return entry;
}
