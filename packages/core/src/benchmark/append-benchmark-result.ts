import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { writeFileAtomic } from "../fs/write-file-atomic.js";
import { withFileLock } from "../lock/with-file-lock.js";
import type { BenchmarkResult } from "./types.js";

/** Parameters of {@link appendBenchmarkResult}. */
export interface AppendBenchmarkResultParams {
  /** The results file (JSON lines), e.g. `<hftool home>/benchmarks.jsonl`; created when missing. */
  file: string;
  result: BenchmarkResult;
  /** Oldest results are dropped beyond this many. @default 500 */
  maxEntries?: number;
}

/**
 * Adds a benchmark result under a lock, so concurrent benchmarks never interleave their lines.
 * When the file outgrows `maxEntries` it is rewritten atomically with the newest results (the one
 * just added always among them).
 */
export async function appendBenchmarkResult({
  file,
  result,
  maxEntries = 500,
}: AppendBenchmarkResultParams): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await withFileLock({
    path: `${file}.lock`,
    fn: async () => {
      let text = "";
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
      const lines = text.split("\n").filter((l) => l.trim() !== "");
      const line = JSON.stringify(result);
      // compact with some slack so a full file is not rewritten on every benchmark
      if (lines.length + 1 > maxEntries + Math.max(1, Math.floor(maxEntries / 10))) {
        await writeFileAtomic({
          path: file,
          data: `${[...lines.slice(-(maxEntries - 1)), line].join("\n")}\n`,
        });
      } else {
        const prefix = text.length > 0 && !text.endsWith("\n") ? "\n" : "";
        await appendFile(file, `${prefix}${line}\n`);
      }
    },
  });
}
