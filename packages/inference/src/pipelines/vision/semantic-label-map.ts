/** Parameters of {@link semanticLabelMap}. */
export interface SemanticLabelMapParams {
  /** Logits of one picture, channel-major: [channels, height, width]. */
  logits: Float32Array;
  channels: number;
  height: number;
  width: number;
  /** Size of the label map wanted (the picture's). */
  outHeight: number;
  outWidth: number;
}

/** The label of every pixel, and how many pixels each label got. */
export interface SemanticLabelMap {
  /** Row-major label ids, `outHeight × outWidth`. */
  labels: Uint16Array;
  /** Pixels per label id. */
  counts: number[];
}

/** Where each output index samples the source axis: lower index, upper index, weight of the upper. */
function samplePositions(outLength: number, length: number) {
  const lower = new Int32Array(outLength);
  const upper = new Int32Array(outLength);
  const weight = new Float64Array(outLength);
  for (let i = 0; i < outLength; i++) {
    // half-pixel centres, clamped at the edges as PyTorch's bilinear interpolation clamps them
    const position = Math.max(0, ((i + 0.5) * length) / outLength - 0.5);
    const low = Math.min(Math.floor(position), length - 1);
    lower[i] = low;
    upper[i] = Math.min(low + 1, length - 1);
    weight[i] = position - low;
  }
  return { lower, upper, weight };
}

/**
 * The per-pixel argmax of a semantic segmentation's logits bilinearly upsampled to the picture's
 * size, as transformers post-processes SegFormer and similar models, without materialising the
 * upsampled logits (150 labels on a 1920×1080 photo would be 1.2 GB). A bilinear value lies between
 * the smallest and largest of its four source corners, so in each source cell only the labels
 * whose largest corner reaches the best smallest corner can win there; each output pixel weighs
 * just those (usually one to three), and the result is exactly the full argmax. Ties go to the
 * lower label id.
 */
export function semanticLabelMap(params: SemanticLabelMapParams): SemanticLabelMap {
  const { logits, channels, height, width, outHeight, outWidth } = params;
  if (logits.length !== channels * height * width) {
    throw new RangeError(`logits hold ${logits.length} values, not ${channels}×${height}×${width}`);
  }
  const plane = height * width;
  const columns = samplePositions(outWidth, width);
  const rows = samplePositions(outHeight, height);
  // candidate labels per source cell (keyed by its top-left corner), computed on first use
  const start = new Int32Array(plane).fill(-1);
  const size = new Int32Array(plane);
  let candidates = new Uint16Array(Math.max(16, plane * 2));
  let used = 0;
  const cell = (y1: number, y2: number, x1: number, x2: number): number => {
    const key = y1 * width + x1;
    if (start[key]! >= 0) return key;
    const a = y1 * width + x1;
    const b = y1 * width + x2;
    const c = y2 * width + x1;
    const d = y2 * width + x2;
    let floor = -Infinity;
    for (let k = 0; k < channels; k++) {
      const o = k * plane;
      const low = Math.min(logits[o + a]!, logits[o + b]!, logits[o + c]!, logits[o + d]!);
      if (low > floor) floor = low;
    }
    if (used + channels > candidates.length) {
      const grown = new Uint16Array(Math.max(candidates.length * 2, used + channels));
      grown.set(candidates);
      candidates = grown;
    }
    start[key] = used;
    for (let k = 0; k < channels; k++) {
      const o = k * plane;
      if (Math.max(logits[o + a]!, logits[o + b]!, logits[o + c]!, logits[o + d]!) >= floor)
        candidates[used++] = k;
    }
    size[key] = used - start[key]!;
    return key;
  };

  const labels = new Uint16Array(outHeight * outWidth);
  const counts = new Array<number>(channels).fill(0);
  for (let i = 0; i < outHeight; i++) {
    const y1 = rows.lower[i]!;
    const y2 = rows.upper[i]!;
    const t = rows.weight[i]!;
    for (let j = 0; j < outWidth; j++) {
      const x1 = columns.lower[j]!;
      const x2 = columns.upper[j]!;
      const s = columns.weight[j]!;
      const key = cell(y1, y2, x1, x2);
      const a = y1 * width + x1;
      const b = y1 * width + x2;
      const c = y2 * width + x1;
      const d = y2 * width + x2;
      const w1 = (1 - s) * (1 - t);
      const w2 = s * (1 - t);
      const w3 = (1 - s) * t;
      const w4 = s * t;
      let best = -Infinity;
      let label = 0;
      for (let n = start[key]!, end = n + size[key]!; n < end; n++) {
        const k = candidates[n]!;
        const o = k * plane;
        const v = w1 * logits[o + a]! + w2 * logits[o + b]! + w3 * logits[o + c]! + w4 * logits[o + d]!;
        if (v > best) {
          best = v;
          label = k;
        }
      }
      labels[i * outWidth + j] = label;
      counts[label]!++;
    }
  }
  return { labels, counts };
}
