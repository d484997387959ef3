/** Audio as the pipelines take it: mono samples in [-1, 1] at a known rate. */
export interface DecodedAudio {
  /** Mono samples. */
  samples: Float32Array;
  /** Samples per second of `samples`. */
  sampleRate: number;
  /** Length in seconds. */
  duration: number;
  /** Rate of the source before resampling. */
  sourceSampleRate?: number;
  /** Channels of the source before mixing to mono. */
  sourceChannels?: number;
  /** Container or codec of the source (`wav`, `mp3`, `flac`, …), when known. */
  format?: string;
  /** Which decoder read it. */
  decoder?: "audio-decode" | "ffmpeg" | "none";
}
