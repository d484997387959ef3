import { describe, expect, it } from "@jest/globals";
import { UsageError } from "@hftool/core";
import { toneSamples } from "@hftool/test-utils";
import { InferenceError } from "../errors/errors.js";
import { decodeAudio } from "./decode-audio.js";
import { AUDIO_OUTPUT_FORMATS, checkAudioOutput, encodeAudio } from "./encode-audio.js";
import { findFfmpeg } from "./find-ffmpeg.js";

/** Frequency of a tone from its zero crossings. */
function frequencyOf(samples: Float32Array, sampleRate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 && samples[i]! >= 0) crossings++;
  return crossings / (samples.length / sampleRate);
}

const ffmpeg = findFfmpeg();
const tone = toneSamples({ frequency: 440, sampleRate: 16000, seconds: 1, amplitude: 0.5 });

describe("encodeAudio", () => {
  for (const format of AUDIO_OUTPUT_FORMATS) {
    it(`writes .${format} that decodes back to the same tone`, async () => {
      if (format !== "wav" && !ffmpeg) {
        console.log(`skipped .${format}: ffmpeg is not installed (apt-get install ffmpeg)`);
        return;
      }
      const { data, mediaType } = await encodeAudio({ samples: tone, sampleRate: 16000, format });
      expect(mediaType).toMatch(/^audio\//);
      // decoded by hftool's in-process decoders, not by the ffmpeg that wrote it
      const audio = await decodeAudio({ data, name: `tone.${format}`, ffmpeg: false });
      expect(audio.duration).toBeGreaterThan(0.95);
      expect(audio.duration).toBeLessThan(1.1);
      expect(frequencyOf(audio.samples.subarray(1600, 14400), 16000)).toBeCloseTo(440, -1);
    });
  }

  it("says what to do when a format needs ffmpeg and there is none, or is unknown", async () => {
    const error = await encodeAudio({ samples: tone, sampleRate: 16000, format: "mp3", ffmpeg: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(
      "Writing .mp3 needs ffmpeg, which is not installed (or HFTOOL_FFMPEG turns it off).",
    );
    expect((error as UsageError).hint).toContain("or write .wav");
    expect(() => checkAudioOutput({ format: "flac", ffmpeg: false })).toThrow(UsageError);
    expect(() => checkAudioOutput({ format: "wav", ffmpeg: false })).not.toThrow();
    expect(() => checkAudioOutput({ format: "aiff" })).toThrow("Sound cannot be written as .aiff.");
  });

  it("reports an ffmpeg that fails as an encoding error with its message", async () => {
    // /bin/false stands in for an ffmpeg without the encoder: it exits non-zero
    const error = await encodeAudio({
      samples: tone,
      sampleRate: 16000,
      format: "mp3",
      ffmpeg: "/bin/false",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InferenceError);
    expect((error as InferenceError).code).toBe("ENCODE_FAILED");
    expect((error as InferenceError).message).toBe("ffmpeg could not write .mp3: ffmpeg exited with code 1");
  });
});
