/** A stretch of speech, in seconds. */
export interface SpeechSegment {
  start: number;
  end: number;
}

/** Parameters of {@link speechSegmentsFromProbabilities}. */
export interface SpeechSegmentsFromProbabilitiesParams {
  /** Speech probability of each window, in order. */
  probabilities: ArrayLike<number>;
  /** Samples per window. */
  windowSamples: number;
  sampleRate: number;
  /** Length of the audio in samples. */
  totalSamples: number;
  /** Probability that starts speech. @default 0.5 */
  threshold?: number;
  /** Probability below which speech may end. @default threshold - 0.15 (at least 0.01) */
  negativeThreshold?: number;
  /** Shorter speech is dropped, in ms. @default 250 */
  minSpeechMs?: number;
  /** Silence that ends a segment, in ms. @default 100 */
  minSilenceMs?: number;
  /** Padding added on both sides of each segment, in ms (never past a neighbour). @default 30 */
  speechPadMs?: number;
  /** Longer segments are split, at a pause if there is one, in seconds. @default Infinity */
  maxSpeechSeconds?: number;
}

/**
 * Turns per-window speech probabilities into speech segments, as Silero VAD's reference
 * `get_speech_timestamps` does: hysteresis between `threshold` and `negativeThreshold`, a segment
 * ends after `minSilenceMs` below it, segments shorter than `minSpeechMs` are dropped, long ones
 * are split at the last pause (or hard at `maxSpeechSeconds`), and each keeps `speechPadMs` of
 * context, sharing a short gap with its neighbour instead of overlapping it.
 */
export function speechSegmentsFromProbabilities(
  params: SpeechSegmentsFromProbabilitiesParams,
): SpeechSegment[] {
  const { probabilities, windowSamples, sampleRate, totalSamples } = params;
  const threshold = params.threshold ?? 0.5;
  const negative = params.negativeThreshold ?? Math.max(threshold - 0.15, 0.01);
  const ms = (value: number) => (sampleRate * value) / 1000;
  const minSpeech = ms(params.minSpeechMs ?? 250);
  const minSilence = ms(params.minSilenceMs ?? 100);
  const pad = ms(params.speechPadMs ?? 30);
  const maxSpeech = (params.maxSpeechSeconds ?? Infinity) * sampleRate - windowSamples - 2 * pad;
  // while a segment is too long, remember pauses at least this long as places to split it
  const minSilenceAtMaxSpeech = ms(98);

  const found: { start: number; end: number }[] = [];
  let speaking = false;
  let start = 0;
  let silenceStart = 0; // 0: not in a silence
  let lastPauseEnd = 0; // where the last usable pause began
  let afterPause = 0; // where speech resumed after it

  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    const at = i * windowSamples;
    if (p >= threshold && silenceStart) {
      silenceStart = 0;
      if (afterPause < lastPauseEnd) afterPause = at;
    }
    if (p >= threshold && !speaking) {
      speaking = true;
      start = at;
      continue;
    }
    if (speaking && at - start > maxSpeech) {
      if (lastPauseEnd) {
        // split at the last pause; speech may already have resumed after it
        found.push({ start, end: lastPauseEnd });
        if (afterPause < lastPauseEnd) speaking = false;
        else start = afterPause;
        lastPauseEnd = afterPause = silenceStart = 0;
      } else {
        found.push({ start, end: at });
        speaking = false;
        lastPauseEnd = afterPause = silenceStart = 0;
        continue;
      }
    }
    if (p < negative && speaking) {
      if (!silenceStart) silenceStart = at;
      if (at - silenceStart > minSilenceAtMaxSpeech) lastPauseEnd = silenceStart;
      if (at - silenceStart < minSilence) continue;
      if (silenceStart - start > minSpeech) found.push({ start, end: silenceStart });
      lastPauseEnd = afterPause = silenceStart = 0;
      speaking = false;
    }
  }
  if (speaking && totalSamples - start > minSpeech) found.push({ start, end: totalSamples });

  for (let i = 0; i < found.length; i++) {
    const segment = found[i]!;
    if (i === 0) segment.start = Math.max(0, segment.start - pad);
    const next = found[i + 1];
    if (next) {
      const gap = next.start - segment.end;
      if (gap < 2 * pad) {
        segment.end += gap / 2;
        next.start = Math.max(0, next.start - gap / 2);
      } else {
        segment.end = Math.min(totalSamples, segment.end + pad);
        next.start = Math.max(0, next.start - pad);
      }
    } else {
      segment.end = Math.min(totalSamples, segment.end + pad);
    }
  }
  const round = (samples: number) => Math.round((samples / sampleRate) * 1000) / 1000;
  return found.map((s) => ({ start: round(s.start), end: round(s.end) }));
}
