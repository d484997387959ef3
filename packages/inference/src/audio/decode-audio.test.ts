import { describe, expect, it } from "@jest/globals";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeTestWav, toneSamples } from "@hftool/test-utils";
import { AudioDecodeError } from "../errors/errors.js";
import { decodeAudio } from "./decode-audio.js";
import { encodeWav } from "./encode-wav.js";
import { findFfmpeg } from "./find-ffmpeg.js";

const fixtures = new URL("../../test/fixtures/audio/", import.meta.url).pathname;

/** Frequency of a tone from its zero crossings. */
function frequencyOf(samples: Float32Array, sampleRate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 && samples[i]! >= 0) crossings++;
  return crossings / (samples.length / sampleRate);
}

const peak = (samples: Float32Array) => samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0);

describe("decodeAudio", () => {
  it("reads a 44.1 kHz stereo 16-bit WAV as 16 kHz mono, keeping pitch and level", async () => {
    const left = toneSamples({ frequency: 440, sampleRate: 44100, seconds: 2, amplitude: 0.5 });
    const right = toneSamples({ frequency: 440, sampleRate: 44100, seconds: 2, amplitude: 0.3 });
    const audio = await decodeAudio({ data: encodeTestWav({ channels: [left, right], sampleRate: 44100 }) });
    expect(audio).toMatchObject({
      sampleRate: 16000,
      sourceSampleRate: 44100,
      sourceChannels: 2,
      decoder: "audio-decode",
    });
    expect(audio.duration).toBeCloseTo(2, 2);
    expect(frequencyOf(audio.samples, 16000)).toBeCloseTo(440, -1);
    expect(peak(audio.samples)).toBeCloseTo(0.4, 1);
  });

  it("keeps the source rate when asked to, and reads 32-bit float WAV", async () => {
    const tone = toneSamples({ frequency: 1000, sampleRate: 8000, seconds: 0.5 });
    const audio = await decodeAudio({
      data: encodeTestWav({ channels: [tone], sampleRate: 8000, bitDepth: 32 }),
      sampleRate: undefined,
    });
    expect(audio.sampleRate).toBe(8000);
    expect(audio.samples.length).toBe(4000);
    expect(audio.samples[2]).toBeCloseTo(tone[2]!, 5);
  });

  for (const file of readdirSync(fixtures).filter((f) => !f.endsWith(".au"))) {
    it(`decodes ${file} (a 1 s 440 Hz tone) in process`, async () => {
      const audio = await decodeAudio({
        data: readFileSync(join(fixtures, file)),
        ffmpeg: false,
        name: file,
      });
      expect(audio.decoder).toBe("audio-decode");
      expect(audio.sampleRate).toBe(16000);
      expect(audio.duration).toBeGreaterThan(0.95);
      expect(audio.duration).toBeLessThan(1.1);
      expect(frequencyOf(audio.samples.subarray(1600, 14400), 16000)).toBeCloseTo(440, -1);
    });
  }

  it("uses ffmpeg for formats the built-in decoders do not read (Sun .au)", async () => {
    const data = readFileSync(join(fixtures, "tone-440hz-1s-16k.au"));
    const ffmpeg = findFfmpeg();
    if (!ffmpeg) {
      console.log("skipped the ffmpeg half: ffmpeg is not installed (apt-get install ffmpeg)");
    } else {
      const audio = await decodeAudio({ data, name: "tone.au", ffmpeg });
      expect(audio.decoder).toBe("ffmpeg");
      expect(audio.duration).toBeCloseTo(1, 1);
      expect(frequencyOf(audio.samples, 16000)).toBeCloseTo(440, -1);
    }
    const error = await decodeAudio({ data, name: "tone.au", ffmpeg: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudioDecodeError);
    expect((error as AudioDecodeError).code).toBe("AUDIO_FORMAT_UNSUPPORTED");
    expect((error as AudioDecodeError).hint).toMatch(/Install ffmpeg/);
  });

  it("gives ffmpeg the file path when there is one", async () => {
    const ffmpeg = findFfmpeg();
    if (!ffmpeg) {
      console.log("skipped: ffmpeg is not installed");
      return;
    }
    const path = join(fixtures, "tone-440hz-1s-16k.au");
    const audio = await decodeAudio({ data: readFileSync(path), path, ffmpeg });
    expect(audio.decoder).toBe("ffmpeg");
    expect(audio.samples.length).toBeGreaterThan(15000);
  });

  it("says what a non-audio file is", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    await expect(decodeAudio({ data: png, name: "cat.png", ffmpeg: false })).rejects.toThrow(
      "cat.png is a PNG image, not audio.",
    );
    await expect(
      decodeAudio({ data: Buffer.from("just some words\n"), name: "notes.txt", ffmpeg: false }),
    ).rejects.toThrow("notes.txt is text, not audio.");
    await expect(decodeAudio({ data: new Uint8Array(0), name: "empty.wav" })).rejects.toThrow(
      "empty.wav is empty.",
    );
    const ffmpeg = findFfmpeg();
    if (ffmpeg) {
      await expect(decodeAudio({ data: png, name: "cat.png", ffmpeg })).rejects.toThrow(
        "cat.png is a PNG image, not audio.",
      );
    }
  });
});

describe("encodeWav", () => {
  it("writes 16-bit PCM WAV that decodes back to the same samples", async () => {
    const tone = toneSamples({ frequency: 300, sampleRate: 22050, seconds: 0.25, amplitude: 0.8 });
    const wav = await encodeWav({ samples: tone, sampleRate: 22050 });
    const header = Buffer.from(wav.buffer, wav.byteOffset, 44);
    expect(header.toString("ascii", 0, 4)).toBe("RIFF");
    expect(header.toString("ascii", 8, 12)).toBe("WAVE");
    expect(header.readUInt16LE(20)).toBe(1); // PCM
    expect(header.readUInt16LE(22)).toBe(1); // mono
    expect(header.readUInt32LE(24)).toBe(22050);
    expect(header.readUInt16LE(34)).toBe(16);
    expect(wav.length).toBe(44 + tone.length * 2);
    const dir = mkdtempSync(join(tmpdir(), "hftool-wav-"));
    writeFileSync(join(dir, "tone.wav"), wav);
    const back = await decodeAudio({ data: readFileSync(join(dir, "tone.wav")), sampleRate: undefined });
    expect(back.sampleRate).toBe(22050);
    expect(back.samples.length).toBe(tone.length);
    for (const i of [0, 10, 1000, 5000]) expect(back.samples[i]).toBeCloseTo(tone[i]!, 3);
  });
});
