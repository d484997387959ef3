import { colourHex } from "../image/label-colour.js";
import type { VisionResult } from "../pipelines/vision/vision-results.js";

const round = (value: number, digits = 6) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The structured form of a vision result, as `--json` prints it and `.json` outputs hold it:
 * labels with scores, objects with pixel boxes, regions with their colour, size and box, depth
 * range, caption, sizes. Pixels (masks, pictures) are left out: they go to PNG.
 */
export function visionResultToJson(result: VisionResult): Record<string, unknown> {
  switch (result.kind) {
    case "image-labels":
      return {
        width: result.width,
        height: result.height,
        labels: result.labels.map((l) => ({ label: l.label, score: round(l.score) })),
      };
    case "detections":
      return {
        width: result.width,
        height: result.height,
        objects: result.objects.map((o) => ({ label: o.label, score: round(o.score), box: o.box })),
      };
    case "segments":
      return {
        width: result.width,
        height: result.height,
        subtask: result.subtask,
        segments: result.segments.map((s) => ({
          label: s.label,
          score: s.score === null ? null : round(s.score),
          color: colourHex(s.colour),
          pixels: s.pixels,
          fraction: round(s.fraction, 4),
          box: s.box,
        })),
      };
    case "cutout":
      return {
        width: result.image.width,
        height: result.image.height,
        foreground: round(result.foreground, 4),
        mask_only: result.maskOnly,
      };
    case "depth":
      return {
        width: result.width,
        height: result.height,
        type: result.type,
        min: round(result.min),
        max: round(result.max),
      };
    case "caption":
      return { text: result.text };
    case "upscaled":
      return {
        width: result.image.width,
        height: result.image.height,
        scale: result.scale,
        input_width: result.inputWidth,
        input_height: result.inputHeight,
      };
  }
}
