import { describe, expect, it } from "@jest/globals";
import { planTiles } from "./plan-tiles.js";

describe("planTiles", () => {
  it("is one tile when the length fits or tiling is off", () => {
    expect(planTiles(100, 512, 16)).toEqual([{ start: 0, end: 100, keepStart: 0, keepEnd: 100 }]);
    expect(planTiles(1000, 0, 16)).toEqual([{ start: 0, end: 1000, keepStart: 0, keepEnd: 1000 }]);
  });

  it("keeps every pixel exactly once, from a tile no larger than asked that sees context around it", () => {
    for (const [length, tile, overlap] of [
      [1000, 256, 16],
      [513, 512, 16],
      [97, 20, 3],
      [50, 7, 10],
    ] as const) {
      const spans = planTiles(length, tile, overlap);
      let next = 0;
      for (const span of spans) {
        expect(span.keepStart).toBe(next);
        next = span.keepEnd;
        expect(span.end - span.start).toBeLessThanOrEqual(tile);
        expect(span.start).toBeLessThanOrEqual(span.keepStart);
        expect(span.end).toBeGreaterThanOrEqual(span.keepEnd);
        // context on both sides, as much as the tile holds and the picture has
        const margin = Math.min(overlap, Math.floor((tile - 1) / 2));
        expect(span.keepStart - span.start).toBeGreaterThanOrEqual(Math.min(margin, span.keepStart));
        expect(span.end - span.keepEnd).toBeGreaterThanOrEqual(Math.min(margin, length - span.keepEnd));
      }
      expect(next).toBe(length);
    }
  });
});
