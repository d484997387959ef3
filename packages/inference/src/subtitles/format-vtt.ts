import type { Cue } from "./cue.js";
import { cueText } from "./format-srt.js";
import { formatTimestamp } from "./format-timestamp.js";

/**
 * A WebVTT (`.vtt`) file: the `WEBVTT` header, then `00:00:01.000 --> 00:00:02.500` and text per
 * cue. `-->` inside text is escaped as the format requires.
 */
export function formatVtt(cues: readonly Cue[]): string {
  const blocks = ["WEBVTT\n"];
  for (const cue of cues) {
    const text = cueText(cue.text).replace(/-->/g, "--&gt;");
    if (text === "") continue;
    const end = Math.max(cue.start, cue.end);
    blocks.push(`${formatTimestamp(cue.start, ".")} --> ${formatTimestamp(end, ".")}\n${text}\n`);
  }
  return blocks.join("\n");
}
