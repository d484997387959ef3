/** Parameters of {@link encodeWav}. */
export interface EncodeWavParams {
  /** Mono samples in [-1, 1] (values outside are clipped). */
  samples: Float32Array;
  sampleRate: number;
  /** 16-bit integer PCM (plays everywhere) or 32-bit float. @default 16 */
  bitDepth?: 16 | 32;
}

interface WavEncoder {
  encode(channels: Float32Array[]): Uint8Array;
  flush(): Uint8Array;
  free(): void;
}
type WavEncoderFactory = (options: { sampleRate: number; bitDepth?: 16 | 32 }) => Promise<WavEncoder>;

let factory: Promise<WavEncoderFactory> | undefined;

/** Encodes mono samples as a WAV file with `@audio/encode-wav` (the encoder of audio-decode's family). */
export async function encodeWav({
  samples,
  sampleRate,
  bitDepth = 16,
}: EncodeWavParams): Promise<Uint8Array> {
  factory ??= import("@audio/encode-wav").then(
    (m) => ((m as { default?: WavEncoderFactory }).default ?? m) as WavEncoderFactory,
  );
  const encoder = await (await factory)({ sampleRate: Math.round(sampleRate), bitDepth });
  try {
    encoder.encode([samples]);
    return encoder.flush();
  } finally {
    encoder.free();
  }
}
