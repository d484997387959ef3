import { UsageError } from "@hftool/core";
import { drawLabelledBoxes, type LabelledBox } from "../image/draw-labelled-boxes.js";
import { encodeImage, IMAGE_OUTPUT_FORMATS } from "../image/encode-image.js";
import { encodeRasterPng } from "../image/encode-raster-png.js";
import { labelColour } from "../image/label-colour.js";
import { overlayMasks } from "../image/overlay-masks.js";
import type { VisionResult } from "../pipelines/vision/vision-results.js";
import type { RenderedOutput } from "./render-task-output.js";
import { visionResultToJson } from "./vision-result-to-json.js";

/** Parameters of {@link renderVisionOutput}. */
export interface RenderVisionOutputParams {
  result: VisionResult;
  /** `json`, `txt`, `png`, `jpg` or `webp`, as the task allows. */
  format: string;
}

/** Regions smaller than this fraction of the picture get no caption in the overlay (they would only clutter it). */
const CAPTION_MIN_FRACTION = 0.005;

const percent = (score: number) => `${Math.round(score * 100)}%`;
const json = (value: unknown): RenderedOutput => ({
  data: `${JSON.stringify(value, null, 2)}\n`,
  mediaType: "application/json",
});
/** Pictures in PNG, or re-encoded as JPEG or WebP (smaller; JPEG drops transparency). */
const isPicture = (format: string) => (IMAGE_OUTPUT_FORMATS as readonly string[]).includes(format);
const picture = async (
  image: Parameters<typeof encodeRasterPng>[0]["image"],
  format: string,
): Promise<RenderedOutput> => encodeImage({ png: await encodeRasterPng({ image }), format });

function unsupported(what: string, format: string, formats: string): never {
  throw new UsageError(`${what} cannot be written as .${format}.`, { hint: `Use one of: ${formats}.` });
}

/**
 * Renders a vision result as a file: labels as JSON or tab-separated text; detections as JSON,
 * text, or the picture with boxes and labels drawn (PNG); segments as JSON or the picture with
 * each region painted in its colour and captioned (PNG); a cut-out as PNG with alpha; depth as a
 * grey PNG (white = the largest predicted value: nearest for relative depth) or its range as
 * JSON; a caption as text or JSON; an upscaled picture as PNG.
 *
 * @throws {UsageError} when the result has no such format.
 */
export async function renderVisionOutput({
  result,
  format,
}: RenderVisionOutputParams): Promise<RenderedOutput> {
  switch (result.kind) {
    case "image-labels":
      if (format === "json") return json(visionResultToJson(result));
      if (format === "txt") {
        return {
          data: result.labels.map((l) => `${l.label}\t${l.score.toFixed(4)}\n`).join(""),
          mediaType: "text/tab-separated-values",
        };
      }
      return unsupported("A list of labels", format, "json, txt");
    case "detections": {
      if (format === "json") return json(visionResultToJson(result));
      if (format === "txt") {
        return {
          data: result.objects
            .map(
              (o) =>
                `${[o.label, o.score.toFixed(4), o.box.xmin, o.box.ymin, o.box.xmax, o.box.ymax].join("\t")}\n`,
            )
            .join(""),
          mediaType: "text/tab-separated-values",
        };
      }
      if (!isPicture(format)) return unsupported("A list of objects", format, "json, txt, png, jpg, webp");
      // one colour per label, so every "person" box has the same colour
      const labels = [...new Set(result.objects.map((o) => o.label))];
      const boxes: LabelledBox[] = [...result.objects]
        .reverse() // best last, drawn on top
        .map((o) => ({
          box: o.box,
          text: `${o.label} ${percent(o.score)}`,
          colour: labelColour(labels.indexOf(o.label)),
        }));
      return picture(await drawLabelledBoxes({ image: result.image, boxes }), format);
    }
    case "segments": {
      if (format === "json") return json(visionResultToJson(result));
      if (!isPicture(format)) return unsupported("A segmentation", format, "png, jpg, webp, json");
      const painted = overlayMasks({
        image: result.image,
        masks: result.segments.map((s) => ({ mask: s.mask, colour: s.colour })),
        opacity: result.opacity,
      });
      const captions: LabelledBox[] = result.segments
        .filter((s) => s.fraction >= CAPTION_MIN_FRACTION)
        .map((s) => ({
          box: s.box,
          text: s.score === null ? s.label : `${s.label} ${percent(s.score)}`,
          colour: s.colour,
          outline: false,
        }));
      return picture(await drawLabelledBoxes({ image: painted, boxes: captions }), format);
    }
    case "cutout":
      // the point of a cut-out is its transparency, which JPEG cannot hold
      if (format !== "png" && format !== "webp") return unsupported("A cut-out", format, "png, webp");
      return picture(result.image, format);
    case "depth":
      if (format === "json") return json(visionResultToJson(result));
      if (!isPicture(format)) return unsupported("A depth map", format, "png, jpg, webp, json");
      return picture(result.depth, format);
    case "caption":
      if (format === "txt")
        return { data: result.text === "" ? "" : `${result.text}\n`, mediaType: "text/plain" };
      if (format === "json") return json(visionResultToJson(result));
      return unsupported("A caption", format, "txt, json");
    case "upscaled":
      if (!isPicture(format)) return unsupported("An upscaled picture", format, "png, jpg, webp");
      return picture(result.image, format);
  }
}
