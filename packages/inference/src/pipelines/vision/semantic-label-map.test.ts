import { describe, expect, it } from "@jest/globals";
import { loadTransformers } from "../../transformers/load-transformers.js";
import { semanticLabelMap } from "./semantic-label-map.js";

/** Deterministic logits that vary across the picture, with different winners per region. */
function logitsFor(channels: number, height: number, width: number): Float32Array {
  const out = new Float32Array(channels * height * width);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        out[(c * height + y) * width + x] =
          Math.sin(c * 1.7 + x * 0.31 * (1 + (c % 3))) + Math.cos(c * 0.9 + y * 0.23);
      }
    }
  }
  return out;
}

/** The obvious way: upsample every label's logits (PyTorch's bilinear, half-pixel, clamped), then argmax. */
function bruteForce(
  logits: Float32Array,
  channels: number,
  height: number,
  width: number,
  outHeight: number,
  outWidth: number,
) {
  const sample = (i: number, out: number, length: number) => {
    const p = Math.max(0, ((i + 0.5) * length) / out - 0.5);
    const low = Math.min(Math.floor(p), length - 1);
    return [low, Math.min(low + 1, length - 1), p - low] as const;
  };
  const labels = new Uint16Array(outHeight * outWidth);
  for (let i = 0; i < outHeight; i++) {
    const [y1, y2, t] = sample(i, outHeight, height);
    for (let j = 0; j < outWidth; j++) {
      const [x1, x2, s] = sample(j, outWidth, width);
      let best = -Infinity;
      for (let c = 0; c < channels; c++) {
        const at = (y: number, x: number) => logits[(c * height + y) * width + x]!;
        const v =
          (1 - s) * (1 - t) * at(y1, x1) +
          s * (1 - t) * at(y1, x2) +
          (1 - s) * t * at(y2, x1) +
          s * t * at(y2, x2);
        if (v > best) {
          best = v;
          labels[i * outWidth + j] = c;
        }
      }
    }
  }
  return labels;
}

const CASES = [
  [7, 16, 16, 61, 83],
  [20, 12, 20, 48, 80],
  [150, 8, 8, 40, 50],
  [5, 9, 7, 9, 7],
  [3, 10, 10, 4, 4],
] as const;

describe("semanticLabelMap", () => {
  it("equals upsampling every label's logits and taking the argmax", () => {
    for (const [channels, height, width, outHeight, outWidth] of CASES) {
      const logits = logitsFor(channels, height, width);
      const ours = semanticLabelMap({ logits, channels, height, width, outHeight, outWidth });
      expect(
        Buffer.from(ours.labels.buffer).equals(
          Buffer.from(bruteForce(logits, channels, height, width, outHeight, outWidth).buffer),
        ),
      ).toBe(true);
      expect(ours.counts.reduce((a, b) => a + b, 0)).toBe(outHeight * outWidth);
    }
  });

  it("agrees with transformers.js's post-processing away from the picture's top and left edge", async () => {
    // transformers.js extrapolates in the half pixel at the top and left edge, where PyTorch clamps
    const { SegformerImageProcessor, Tensor } = await loadTransformers();
    for (const [channels, height, width, outHeight, outWidth] of CASES.slice(0, 3)) {
      const logits = logitsFor(channels, height, width);
      const reference = new SegformerImageProcessor({}).post_process_semantic_segmentation(
        { logits: new Tensor("float32", logits.slice(), [1, channels, height, width]) },
        [[outHeight, outWidth]],
      )[0]!;
      const theirs = reference.segmentation.data as Int32Array;
      const ours = semanticLabelMap({ logits, channels, height, width, outHeight, outWidth }).labels;
      const edgeRows = Math.ceil(outHeight / height / 2);
      const edgeColumns = Math.ceil(outWidth / width / 2);
      let compared = 0;
      let differ = 0;
      for (let i = edgeRows; i < outHeight; i++) {
        for (let j = edgeColumns; j < outWidth; j++) {
          compared++;
          if (theirs[i * outWidth + j] !== ours[i * outWidth + j]) differ++;
        }
      }
      expect(differ / compared).toBeLessThan(0.001);
    }
  });

  it("gives a flat region one label and refuses logits of the wrong size", () => {
    const logits = new Float32Array(3 * 4 * 4);
    logits.fill(1, 16, 32); // label 1 wins everywhere
    const map = semanticLabelMap({ logits, channels: 3, height: 4, width: 4, outHeight: 10, outWidth: 6 });
    expect(map.counts).toEqual([0, 60, 0]);
    expect(() =>
      semanticLabelMap({ logits, channels: 3, height: 4, width: 5, outHeight: 1, outWidth: 1 }),
    ).toThrow(RangeError);
  });
});
