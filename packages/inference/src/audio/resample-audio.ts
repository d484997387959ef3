/** Parameters of {@link resampleAudio}. */
export interface ResampleAudioParams {
  /** Mono samples. */
  samples: Float32Array;
  from: number;
  to: number;
}

interface SampleRateConverter {
  simple(input: Float32Array): Float32Array;
  destroy(): void;
}
interface LibSampleRate {
  create(
    channels: number,
    from: number,
    to: number,
    options: { converterType: number },
  ): Promise<SampleRateConverter>;
  ConverterType: { SRC_SINC_FASTEST: number };
}

let library: Promise<LibSampleRate> | undefined;

/**
 * Converts mono audio to another sample rate with libsamplerate (its WebAssembly build,
 * `@alexanderolsen/libsamplerate-js`, band-limited sinc, ~160× real time on one core), loaded on
 * first use. Same rate in and out returns the input.
 */
export async function resampleAudio({ samples, from, to }: ResampleAudioParams): Promise<Float32Array> {
  if (from === to || samples.length === 0) return samples;
  library ??= import("@alexanderolsen/libsamplerate-js").then(
    (m) => ((m as { default?: LibSampleRate }).default ?? m) as LibSampleRate,
  );
  const lib = await library;
  const converter = await lib.create(1, from, to, { converterType: lib.ConverterType.SRC_SINC_FASTEST });
  try {
    return converter.simple(samples);
  } finally {
    converter.destroy();
  }
}
