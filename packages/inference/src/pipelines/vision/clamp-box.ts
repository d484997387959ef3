import type { PixelBox } from "./vision-results.js";

/** A box rounded to whole pixels and clamped to a `width`×`height` picture; `undefined` when nothing of it is inside. */
export function clampBox(box: PixelBox, width: number, height: number): PixelBox | undefined {
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max, Math.round(v)));
  const clamped = {
    xmin: clamp(Math.min(box.xmin, box.xmax), width),
    ymin: clamp(Math.min(box.ymin, box.ymax), height),
    xmax: clamp(Math.max(box.xmin, box.xmax), width),
    ymax: clamp(Math.max(box.ymin, box.ymax), height),
  };
  return clamped.xmax > clamped.xmin && clamped.ymax > clamped.ymin ? clamped : undefined;
}
