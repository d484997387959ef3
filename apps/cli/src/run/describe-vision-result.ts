import type { VisionResult } from "@hftool/inference";

const percent = (score: number) => `${(score * 100).toFixed(1)}%`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** One line saying what a vision run produced (`Found 2 objects`, `Upscaled 640×480 to 1280×960`). */
export function describeVisionResult(result: VisionResult): string {
  switch (result.kind) {
    case "image-labels": {
      const top = result.labels[0];
      return top ? `Classified the image: ${top.label} (${percent(top.score)})` : "Classified the image";
    }
    case "detections":
      return `Found ${plural(result.objects.length, "object")} in the ${result.width}×${result.height} image`;
    case "segments":
      return `Found ${plural(result.segments.length, "region")} (${result.subtask} segmentation)`;
    case "cutout":
      return result.maskOnly
        ? `Made the foreground mask (${Math.round(result.foreground * 100)}% foreground)`
        : `Removed the background (${Math.round(result.foreground * 100)}% of the image kept)`;
    case "depth":
      return `Estimated depth for the ${result.width}×${result.height} image`;
    case "caption":
      return "Captioned the image";
    case "upscaled":
      return `Upscaled ${result.inputWidth}×${result.inputHeight} to ${result.image.width}×${result.image.height} (${result.scale}×)`;
  }
}
