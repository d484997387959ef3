import { describe, expect, it } from "@jest/globals";
import { speechSegmentsFromProbabilities } from "./speech-segments-from-probabilities.js";

/** Probabilities for 32 ms windows: `high` inside the spans (seconds), `low` elsewhere. */
function probabilities(seconds: number, spans: [number, number][], high = 0.9, low = 0.05): number[] {
  const windows = Math.ceil((seconds * 16000) / 512);
  return Array.from({ length: windows }, (_, i) => {
    const t = (i * 512) / 16000;
    return spans.some(([s, e]) => t >= s && t < e) ? high : low;
  });
}

const base = { windowSamples: 512, sampleRate: 16000 };

describe("speechSegmentsFromProbabilities", () => {
  it("finds speech spans with padding", () => {
    const segments = speechSegmentsFromProbabilities({
      ...base,
      probabilities: probabilities(6, [
        [1, 2],
        [3.5, 5],
      ]),
      totalSamples: 6 * 16000,
    });
    expect(segments).toHaveLength(2);
    expect(segments[0]!.start).toBeCloseTo(1 - 0.03, 1);
    expect(segments[0]!.end).toBeCloseTo(2 + 0.03, 1);
    expect(segments[1]!.start).toBeCloseTo(3.5 - 0.03, 1);
    expect(segments[1]!.end).toBeCloseTo(5 + 0.03, 1);
  });

  it("drops blips shorter than min_speech and bridges pauses shorter than min_silence", () => {
    const probs = probabilities(5, [
      [0.5, 0.6],
      [1, 2],
      [2.05, 3],
    ]);
    const segments = speechSegmentsFromProbabilities({
      ...base,
      probabilities: probs,
      totalSamples: 5 * 16000,
      minSilenceMs: 200,
    });
    expect(segments).toHaveLength(1);
    expect(segments[0]!.start).toBeCloseTo(0.97, 1);
    expect(segments[0]!.end).toBeCloseTo(3.03, 1);
    const split = speechSegmentsFromProbabilities({
      ...base,
      probabilities: probs,
      totalSamples: 5 * 16000,
      minSilenceMs: 10,
    });
    expect(split).toHaveLength(2);
  });

  it("keeps speech that runs to the end, and finds nothing in silence", () => {
    const tail = speechSegmentsFromProbabilities({
      ...base,
      probabilities: probabilities(3, [[2, 3]]),
      totalSamples: 3 * 16000,
    });
    expect(tail).toEqual([{ start: expect.any(Number), end: 3 }]);
    expect(
      speechSegmentsFromProbabilities({ ...base, probabilities: probabilities(3, []), totalSamples: 48000 }),
    ).toEqual([]);
  });

  it("uses hysteresis: a dip between the two thresholds does not end speech", () => {
    const probs = probabilities(4, [[1, 3]]).map((p, i) =>
      (i * 512) / 16000 > 1.8 && (i * 512) / 16000 < 2.4 ? 0.4 : p,
    );
    const segments = speechSegmentsFromProbabilities({
      ...base,
      probabilities: probs,
      totalSamples: 4 * 16000,
      threshold: 0.5,
    });
    expect(segments).toHaveLength(1);
  });

  it("splits speech longer than max_speech_s, at a pause when there is one", () => {
    const probs = probabilities(12, [
      [0, 4.5],
      [4.7, 11],
    ]);
    const segments = speechSegmentsFromProbabilities({
      ...base,
      probabilities: probs,
      totalSamples: 12 * 16000,
      minSilenceMs: 500,
      maxSpeechSeconds: 5,
    });
    expect(segments.length).toBeGreaterThanOrEqual(2);
    expect(segments[0]!.end).toBeCloseTo(4.5, 0);
    for (const s of segments) expect(s.end - s.start).toBeLessThanOrEqual(5.1);
  });
});
