import type { TimingStats } from "./types.js";

/** Mean, median, 95th percentile (nearest rank), min and max of measurements in ms. */
export function summarizeTimings(samples: readonly number[]): TimingStats {
  if (samples.length === 0) return { mean: 0, p50: 0, p95: 0, min: 0, max: 0, samples: [] };
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return {
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    p50: rank(0.5),
    p95: rank(0.95),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    samples: [...samples],
  };
}
