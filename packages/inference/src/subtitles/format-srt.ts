import type { Cue } from "./cue.js";
import { formatTimestamp } from "./format-timestamp.js";

/** Cleans one cue's text for a subtitle file: trimmed, no blank lines (they end a cue). */
export function cueText(text: string): string {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join("\n");
}

/**
 * A SubRip (`.srt`) file: numbered cues, `00:00:01,000 --> 00:00:02,500`, text, blank line.
 * Cues with no text are skipped and the rest numbered from 1; an end before its start is moved to
 * the start.
 */
export function formatSrt(cues: readonly Cue[]): string {
  const blocks: string[] = [];
  for (const cue of cues) {
    const text = cueText(cue.text);
    if (text === "") continue;
    const end = Math.max(cue.start, cue.end);
    blocks.push(`${blocks.length + 1}\n${formatTimestamp(cue.start)} --> ${formatTimestamp(end)}\n${text}\n`);
  }
  return blocks.join("\n");
}
