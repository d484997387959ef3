import type { HistoryEntry } from "./types.js";

/**
 * The `hftool` arguments that reproduce a run exactly: task, model and revision, input, output,
 * device, dtype, seed, format, and every parameter given after `--` (the Python tool lost those).
 */
export function historyToArgs(entry: HistoryEntry): string[] {
  const args = ["-t", entry.task, "-m", entry.model];
  if (entry.revision && entry.revision !== "main") args.push("--revision", entry.revision);
  args.push("-i", entry.input);
  if (entry.output) args.push("-o", entry.output);
  if (entry.device && entry.device !== "auto") args.push("--device", entry.device);
  if (entry.dtype && entry.dtype !== "auto") args.push("--dtype", entry.dtype);
  if (entry.seed !== undefined) args.push("--seed", String(entry.seed));
  if (entry.format) args.push("--format", entry.format);
  const extra = Object.entries(entry.extra ?? {});
  if (extra.length > 0) {
    args.push("--");
    for (const [key, value] of extra) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (v === true) args.push(`--${key}`);
        else if (v === false) args.push(`--no-${key}`);
        else
          args.push(
            `--${key}`,
            typeof v === "string"
              ? /^-?\d/.test(v) || v === "true" || v === "false"
                ? JSON.stringify(v)
                : v
              : JSON.stringify(v),
          );
      }
    }
  }
  return args;
}

/** Quotes one word for POSIX shells, only when needed. */
export function quoteShellWord(word: string): string {
  if (word !== "" && /^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
