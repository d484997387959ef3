import { colourHex, type VisionResult } from "@hftool/inference";
import type { CommandContext } from "../context.js";

const BAR_WIDTH = 20;

/** A score as a fixed-width percentage (` 97.3%`). */
const percent = (score: number) => `${(score * 100).toFixed(1).padStart(5)}%`;

/**
 * Prints a vision result for people on stdout: labels and objects as tables with scores, regions
 * with their share of the picture and overlay colour, the caption's text, the depth range.
 * Pictures (cut-outs, upscales) have nothing to print: the file is the result.
 */
export function printVisionResult(result: VisionResult, context: CommandContext): void {
  const out = context.out;
  const c = out.c;
  switch (result.kind) {
    case "image-labels": {
      if (result.labels.length === 0) return out.print("No labels.");
      out.print(
        out.table(
          [
            [c.dim("label"), c.dim("score")],
            ...result.labels.map((l, i) => {
              const bar = "█".repeat(Math.round(l.score * BAR_WIDTH));
              return [i === 0 ? c.bold(l.label) : l.label, `${percent(l.score)}  ${c.cyan(bar)}`];
            }),
          ],
          { indent: 2, gap: 3 },
        ),
      );
      return;
    }
    case "detections": {
      if (result.objects.length === 0) {
        return out.print("No objects found above the threshold (lower it with -- --threshold 0.5).");
      }
      out.print(
        out.table(
          [
            [c.dim("label"), c.dim("score"), c.dim("box (x1,y1 – x2,y2)"), c.dim("size")],
            ...result.objects.map((o) => [
              o.label,
              percent(o.score),
              `${o.box.xmin},${o.box.ymin} – ${o.box.xmax},${o.box.ymax}`,
              `${o.box.xmax - o.box.xmin}×${o.box.ymax - o.box.ymin}`,
            ]),
          ],
          { indent: 2, gap: 3 },
        ),
      );
      return;
    }
    case "segments": {
      if (result.segments.length === 0) return out.print("No regions found.");
      const scored = result.segments.some((s) => s.score !== null);
      out.print(
        out.table(
          [
            [c.dim("label"), ...(scored ? [c.dim("score")] : []), c.dim("area"), c.dim("colour")],
            ...result.segments.map((s) => [
              s.label,
              ...(scored ? [s.score === null ? "" : percent(s.score)] : []),
              percent(s.fraction),
              colourHex(s.colour),
            ]),
          ],
          { indent: 2, gap: 3 },
        ),
      );
      return;
    }
    case "depth":
      out.print(
        c.dim(
          `  ${result.type} depth ${result.min.toPrecision(4)} – ${result.max.toPrecision(4)}${result.type === "relative" ? " (larger is nearer; white in the PNG)" : " m"}`,
        ),
      );
      return;
    case "caption":
      if (result.text) out.print(result.text);
      return;
    case "cutout":
    case "upscaled":
      return;
  }
}
