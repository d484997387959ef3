import type { RasterImage } from "../../image/raster-image.js";

/** A label and how sure the model is of it (0-1). */
export interface ScoredLabel {
  label: string;
  score: number;
}

/** Labels for a whole picture, best first (image classification, zero-shot image classification). */
export interface ImageLabelsResult {
  kind: "image-labels";
  labels: ScoredLabel[];
  /** Size of the input picture. */
  width: number;
  height: number;
}

/** A box in pixels of the input picture, clamped to it: left, top, right, bottom. */
export interface PixelBox {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

/** One thing found in a picture. */
export interface DetectedObject extends ScoredLabel {
  box: PixelBox;
}

/** Objects found in a picture, best first (object detection). */
export interface DetectionsResult {
  kind: "detections";
  objects: DetectedObject[];
  width: number;
  height: number;
  /** The input picture (upright, RGB or RGBA), to draw the boxes on. */
  image: RasterImage;
}

/** One region of a segmentation. */
export interface ImageSegment {
  /** What the region is (`person`, `sky`); `mask` for models without labels. */
  label: string;
  /** Confidence, for panoptic and instance segmentation; `null` for semantic segmentation. */
  score: number | null;
  /** One channel, the picture's size: 255 inside the region, 0 outside. */
  mask: RasterImage;
  /** Pixels inside the region (mask ≥ 128). */
  pixels: number;
  /** `pixels` as a fraction of the picture. */
  fraction: number;
  /** Smallest box around the region. */
  box: PixelBox;
  /** Colour the region gets in the overlay, `[r, g, b]`. */
  colour: readonly [number, number, number];
}

/** A picture split into labelled regions (image segmentation). */
export interface SegmentsResult {
  kind: "segments";
  /** `semantic`, `instance` or `panoptic` (as the model's processor decides), or `mask` for a bare matte. */
  subtask: string;
  segments: ImageSegment[];
  width: number;
  height: number;
  image: RasterImage;
  /** How strongly the overlay covers the picture (0-1). */
  opacity: number;
}

/** The foreground of a picture on a transparent background (background removal). */
export interface CutoutResult {
  kind: "cutout";
  /** RGBA cut-out, or with `maskOnly` the one-channel matte. */
  image: RasterImage;
  /** Mean opacity of the matte: how much of the picture is foreground (0-1). */
  foreground: number;
  /** The image is the matte alone (grey: white is foreground). */
  maskOnly: boolean;
}

/** A depth map (depth estimation). */
export interface DepthResult {
  kind: "depth";
  /** One channel: the prediction scaled to 0-255 (255 at its largest value). */
  depth: RasterImage;
  /** Smallest and largest predicted value, in the model's units. */
  min: number;
  max: number;
  /** `relative` (inverse depth: larger is nearer, as Depth Anything and DPT predict) or `metric` (metres). */
  type: "relative" | "metric";
  width: number;
  height: number;
}

/** A caption (image-to-text). */
export interface CaptionResult {
  kind: "caption";
  text: string;
}

/** An enlarged picture (image upscaling). */
export interface UpscaledImageResult {
  kind: "upscaled";
  image: RasterImage;
  /** Factor each side grew by. */
  scale: number;
  inputWidth: number;
  inputHeight: number;
}

/** What the vision pipelines return. */
export type VisionResult =
  | ImageLabelsResult
  | DetectionsResult
  | SegmentsResult
  | CutoutResult
  | DepthResult
  | CaptionResult
  | UpscaledImageResult;
