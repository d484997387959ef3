import type { Cue } from "./cue.js";

/** Parameters of {@link groupWordsIntoCues}. */
export interface GroupWordsIntoCuesParams {
  /** Words with times, in order; each word's text carries its leading space, as Whisper emits it. */
  words: readonly Cue[];
  /** Longest line, in characters. @default 42 (the usual subtitle guideline) */
  maxChars?: number;
  /** Longest cue, in seconds. @default 7 */
  maxDuration?: number;
  /** A pause this long (seconds) starts a new cue. @default 1 */
  maxGap?: number;
}

/**
 * Groups word timestamps into readable subtitle cues: a new cue starts at a pause, when the line
 * would grow past `maxChars`, when the cue would last longer than `maxDuration`, or after a word
 * that ends a sentence.
 */
export function groupWordsIntoCues(params: GroupWordsIntoCuesParams): Cue[] {
  const { words, maxChars = 42, maxDuration = 7, maxGap = 1 } = params;
  const cues: Cue[] = [];
  let current: Cue | undefined;
  let endsSentence = false;
  for (const word of words) {
    const text = word.text;
    if (text.trim() === "") continue;
    const start = Number.isFinite(word.start) ? word.start : (current?.end ?? 0);
    const end = Number.isFinite(word.end) ? Math.max(word.end, start) : start;
    if (
      current &&
      (endsSentence ||
        start - current.end > maxGap ||
        (current.text + text).trim().length > maxChars ||
        end - current.start > maxDuration)
    ) {
      cues.push({ ...current, text: current.text.trim() });
      current = undefined;
    }
    if (current) {
      current.text += text;
      current.end = end;
    } else {
      current = { start, end, text };
    }
    endsSentence = /[.!?…。！？]["')\]]?$/.test(text.trim());
  }
  if (current) cues.push({ ...current, text: current.text.trim() });
  return cues;
}
