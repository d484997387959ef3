import { readFile } from "node:fs/promises";
import type { BenchmarkResult } from "./types.js";

/** Parameters of {@link readBenchmarkResults}. */
export interface ReadBenchmarkResultsParams {
  file: string;
  /** Only this task's results (canonical name). */
  task?: string;
  /** Only this model's results (repo id or folder). */
  model?: string;
  /** Most results returned. @default Infinity */
  limit?: number;
}

/** Saved benchmark results, newest first; a missing file is no results, unreadable lines are skipped. */
export async function readBenchmarkResults({
  file,
  task,
  model,
  limit = Number.POSITIVE_INFINITY,
}: ReadBenchmarkResultsParams): Promise<BenchmarkResult[]> {
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const results: BenchmarkResult[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const value = JSON.parse(line) as BenchmarkResult;
      if (typeof value.task !== "string" || typeof value.model !== "string") continue;
      if (task !== undefined && value.task !== task) continue;
      if (model !== undefined && value.model !== model) continue;
      results.push(value);
    } catch {
      // a line cut by a crash: skipped
    }
  }
  return results.reverse().slice(0, limit);
}
