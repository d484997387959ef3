import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { withFileLock, writeFileAtomic } from "@hftool/core";

/** Lines kept in the interactive prompt history. */
export const PROMPT_HISTORY_SIZE = 1000;

/** The prompt history (one line per entry, oldest first in the file), newest first as readline wants it. */
export async function readPromptHistory(file: string): Promise<string[]> {
  try {
    const lines = (await readFile(file, "utf8")).split("\n").filter((l) => l.trim() !== "");
    return lines.slice(-PROMPT_HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

/**
 * Adds a line to the prompt history, under a lock (two sessions may run at once). The file is
 * rewritten atomically with the newest {@link PROMPT_HISTORY_SIZE} lines when it grows past twice
 * that. A history problem never disturbs the session.
 */
export async function savePromptHistory(file: string, line: string): Promise<void> {
  const flat = line.replace(/[\r\n]+/g, " ").trim();
  if (flat === "") return;
  try {
    await mkdir(dirname(file), { recursive: true });
    await withFileLock({
      path: `${file}.lock`,
      timeoutMs: 2000,
      fn: async () => {
        let lines: string[] = [];
        try {
          lines = (await readFile(file, "utf8")).split("\n").filter((l) => l !== "");
        } catch {
          // first line of a new history
        }
        if (lines[lines.length - 1] === flat) return;
        if (lines.length + 1 > 2 * PROMPT_HISTORY_SIZE) {
          await writeFileAtomic({
            path: file,
            data: `${[...lines.slice(-(PROMPT_HISTORY_SIZE - 1)), flat].join("\n")}\n`,
          });
        } else {
          await appendFile(file, `${flat}\n`);
        }
      },
    });
  } catch {
    // the prompt history is a convenience
  }
}
