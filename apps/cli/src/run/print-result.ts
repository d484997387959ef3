import { formatDuration } from "@hftool/core";
import type { TaskResult } from "@hftool/inference";
import type { CommandContext } from "../context.js";
import { describeTextResult, printTextResult, type PrintTextResultOptions } from "./print-text-result.js";
import { describeVisionResult } from "./describe-vision-result.js";
import { printVisionResult } from "./print-vision-result.js";
import { isTextResult } from "./is-text-result.js";

const seconds = (t: number) => `${t.toFixed(2)} s`;

/** One line saying what a run produced (`Found 2 speech segments in 6.7 s of audio`). */
export function describeResult(result: TaskResult): string {
  switch (result.kind) {
    case "transcript": {
      const words = result.text.split(/\s+/).filter(Boolean).length;
      return `Transcribed ${formatDuration(result.duration)} of audio (${words} word${words === 1 ? "" : "s"}${result.language ? `, ${result.language}` : ""})`;
    }
    case "speech-segments":
      return `Found ${result.segments.length} speech segment${result.segments.length === 1 ? "" : "s"} in ${formatDuration(result.duration)} of audio`;
    case "audio":
      return `Spoke ${formatDuration(result.duration)} of audio at ${result.sampleRate} Hz`;
    case "image": {
      const count = result.images?.length ?? 1;
      const ran = result.generation?.steps_run ?? result.generation?.steps;
      const steps = typeof ran === "number" ? ran : undefined;
      return `Made ${count === 1 ? "a" : count} ${result.width}×${result.height} image${count === 1 ? "" : "s"}${steps !== undefined ? ` in ${steps} step${steps === 1 ? "" : "s"}${count > 1 ? " each" : ""}` : ""}`;
    }
    default:
      return isTextResult(result) ? describeTextResult(result) : describeVisionResult(result);
  }
}

/**
 * Prints a result for people on stdout: a transcript's text, a table of speech segments. Audio and
 * images have nothing to print (the file is the result).
 */
export function printResult(
  result: TaskResult,
  context: CommandContext,
  options: PrintTextResultOptions = {},
): void {
  const out = context.out;
  switch (result.kind) {
    case "transcript":
      if (result.text) out.print(result.text);
      break;
    case "speech-segments":
      if (result.segments.length === 0) {
        out.print("No speech found.");
        break;
      }
      out.print(
        out.table(
          [
            [out.c.dim("start"), out.c.dim("end"), out.c.dim("length")],
            ...result.segments.map((s) => [seconds(s.start), seconds(s.end), seconds(s.end - s.start)]),
          ],
          { indent: 2, gap: 3 },
        ),
      );
      out.print(
        out.c.dim(
          `  speech ${seconds(result.speechDuration)} of ${seconds(result.duration)} (${Math.round((result.speechDuration / Math.max(result.duration, 1e-9)) * 100)}%)`,
        ),
      );
      break;
    case "audio":
    case "image":
      break;
    default:
      if (isTextResult(result)) printTextResult(result, context, options);
      else printVisionResult(result, context);
  }
}
