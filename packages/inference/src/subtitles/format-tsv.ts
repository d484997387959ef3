import type { Cue } from "./cue.js";

/**
 * Tab-separated cues as openai-whisper's `--output_format tsv` writes them: a `start end text`
 * header, then one line per cue with whole milliseconds and the text on one line (tabs and line
 * breaks become spaces), so spreadsheets and scripts read it as it is. Cues with no text are
 * skipped.
 */
export function formatTsv(cues: readonly Cue[]): string {
  const lines = ["start\tend\ttext"];
  for (const cue of cues) {
    const text = cue.text.replace(/\s+/g, " ").trim();
    if (text === "") continue;
    const start = Math.round(cue.start * 1000);
    lines.push(`${start}\t${Math.max(start, Math.round(cue.end * 1000))}\t${text}`);
  }
  return `${lines.join("\n")}\n`;
}
