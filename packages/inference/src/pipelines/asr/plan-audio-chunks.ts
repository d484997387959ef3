import type { SpeechSegment } from "../vad/speech-segments-from-probabilities.js";

/** A piece of a long recording transcribed on its own, in seconds. */
export interface AudioChunk {
  start: number;
  end: number;
}

/** Parameters of {@link planAudioChunks}. */
export interface PlanAudioChunksParams {
  samples: Float32Array;
  sampleRate: number;
  /** Longest chunk, in seconds (Whisper sees 30 s at a time). @default 30 */
  maxSeconds?: number;
  /**
   * Where speech is (from voice activity detection). Chunks then cover only speech: silence is
   * skipped and cuts fall between segments.
   */
  speech?: readonly SpeechSegment[];
}

/**
 * Cuts a recording into chunks of at most `maxSeconds` at its quietest moments, so no word is
 * split: without `speech`, each cut is at the quietest 100 ms in the last 5 s before the limit;
 * with `speech`, neighbouring segments are packed into chunks and silence between chunks is left
 * out (a segment longer than the limit is cut at its quietest moment).
 */
export function planAudioChunks(params: PlanAudioChunksParams): AudioChunk[] {
  const { samples, sampleRate } = params;
  const maxSeconds = params.maxSeconds ?? 30;
  const duration = samples.length / sampleRate;
  const round = (t: number) => Math.round(t * 1000) / 1000;

  const cutQuietly = (start: number, end: number): AudioChunk[] => {
    const chunks: AudioChunk[] = [];
    let from = start;
    while (end - from > maxSeconds) {
      const cut = quietestPoint(
        samples,
        sampleRate,
        from + Math.max(maxSeconds - 5, maxSeconds / 2),
        from + maxSeconds,
      );
      chunks.push({ start: round(from), end: round(cut) });
      from = cut;
    }
    chunks.push({ start: round(from), end: round(end) });
    return chunks;
  };

  if (!params.speech) return duration === 0 ? [] : cutQuietly(0, duration);
  const chunks: AudioChunk[] = [];
  let current: AudioChunk | undefined;
  for (const segment of params.speech) {
    if (current && segment.end - current.start <= maxSeconds) {
      current.end = segment.end;
      continue;
    }
    if (current) chunks.push(...cutQuietly(current.start, current.end));
    current = { start: segment.start, end: segment.end };
  }
  if (current) chunks.push(...cutQuietly(current.start, current.end));
  return chunks;
}

/** The middle of the quietest 100 ms (by energy, 10 ms steps) between two times, in seconds. */
function quietestPoint(samples: Float32Array, sampleRate: number, from: number, to: number): number {
  const frame = Math.round(sampleRate * 0.1);
  const hop = Math.round(sampleRate * 0.01);
  const first = Math.max(0, Math.round(from * sampleRate));
  const last = Math.min(samples.length - frame, Math.round(to * sampleRate) - frame);
  let best = Math.round(to * sampleRate);
  let bestEnergy = Infinity;
  for (let at = first; at <= last; at += hop) {
    let energy = 0;
    for (let i = at; i < at + frame; i++) energy += samples[i]! * samples[i]!;
    if (energy < bestEnergy) {
      bestEnergy = energy;
      best = at + frame / 2;
    }
  }
  return best / sampleRate;
}
