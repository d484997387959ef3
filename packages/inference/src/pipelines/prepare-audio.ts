import { InputError } from "@hftool/core";
import { decodeAudio } from "../audio/decode-audio.js";
import type { DecodedAudio } from "../audio/decoded-audio.js";
import { resampleAudio } from "../audio/resample-audio.js";

/** Audio a pipeline takes: an encoded file's bytes, or samples already decoded. */
export type AudioInput = Uint8Array | DecodedAudio;

/** Decodes or resamples pipeline input to mono at `sampleRate`. */
export async function prepareAudio(
  input: AudioInput,
  sampleRate: number,
  signal?: AbortSignal,
): Promise<DecodedAudio> {
  if (input instanceof Uint8Array) {
    return decodeAudio({ data: input, sampleRate, ...(signal ? { signal } : {}) });
  }
  if (!(input?.samples instanceof Float32Array) || !(input.sampleRate > 0)) {
    throw new InputError(
      "Audio input must be an encoded file (Uint8Array) or { samples: Float32Array, sampleRate }.",
      {
        code: "INPUT_INVALID",
      },
    );
  }
  if (input.sampleRate === sampleRate) return input;
  const samples = await resampleAudio({ samples: input.samples, from: input.sampleRate, to: sampleRate });
  return {
    ...input,
    samples,
    sampleRate,
    duration: samples.length / sampleRate,
    sourceSampleRate: input.sampleRate,
  };
}
