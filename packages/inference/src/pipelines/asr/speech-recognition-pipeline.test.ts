import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "@hftool/core";
import {
  buildVadFixture,
  buildWhisperFixture,
  burstSamples,
  encodeTestWav,
  toneSamples,
  type WhisperFixture,
} from "@hftool/test-utils";
import { ModelFormatError } from "../../errors/errors.js";
import { createVoiceActivityPipeline } from "../vad/voice-activity-pipeline.js";
import {
  createSpeechRecognitionPipeline,
  type SpeechRecognitionPipeline,
} from "./speech-recognition-pipeline.js";

describe("speech recognition pipeline (tiny Whisper fixture)", () => {
  let dir: string;
  let fixture: WhisperFixture;
  let asr: SpeechRecognitionPipeline;
  const tone = (seconds: number) => ({
    samples: toneSamples({ frequency: 300, sampleRate: 16000, seconds }),
    sampleRate: 16000,
    duration: seconds,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "hftool-asr-"));
    fixture = buildWhisperFixture({ dir: join(dir, "whisper"), dtypes: ["fp32", "q8"] });
    buildVadFixture({ dir: join(dir, "vad") });
    asr = await createSpeechRecognitionPipeline({
      model: fixture.dir,
      device: "cpu",
      vad: await createVoiceActivityPipeline({ model: join(dir, "vad") }),
    });
  });
  afterAll(async () => {
    await asr.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("transcribes a WAV file through log-mel features, the encoder and cached greedy decoding", async () => {
    const wav = encodeTestWav({
      channels: [toneSamples({ frequency: 300, sampleRate: 22050, seconds: 3 })],
      sampleRate: 22050,
    });
    const result = await asr.run(wav, { params: { timestamps: "none" } });
    expect(result).toEqual({
      kind: "transcript",
      text: fixture.text.trim(),
      segments: [],
      language: "en",
      task: "transcribe",
      duration: 3,
    });
    expect(asr.isWhisper).toBe(true);
  });

  it("gives segment timestamps by default", async () => {
    const result = await asr.run(tone(3));
    expect(result.text).toBe(fixture.timestampedText.trim());
    expect(result.segments).toEqual([{ ...fixture.segment, text: fixture.timestampedText.trim() }]);
  });

  it("gives word timestamps from the cross-attentions, grouped into cues", async () => {
    const result = await asr.run(tone(3), { params: { timestamps: "word" } });
    expect(result.words!.map((w) => w.text)).toEqual(["Hello", "there"]);
    for (const word of result.words!) {
      expect(word.start).toBeGreaterThanOrEqual(0);
      expect(word.end).toBeGreaterThanOrEqual(word.start);
      expect(word.end).toBeLessThanOrEqual(3);
    }
    expect(result.segments.map((s) => s.text).join(" ")).toBe("Hello there");
  });

  it("passes --translate and --language to the decoder prompt", async () => {
    const translated = await asr.run(tone(3), { params: { translate: true, language: "german" } });
    expect(translated).toMatchObject({
      text: fixture.translatedText.trim(),
      task: "translate",
      language: "german",
    });
    expect(translated.segments[0]!.start).toBeCloseTo(0.02, 3);
    await expect(asr.run(tone(1), { params: { language: "klingon" } })).rejects.toThrow(UsageError);
  });

  it("cuts long audio into pieces of at most 30 s and offsets their timestamps", async () => {
    const result = await asr.run(tone(70));
    expect(result.segments.length).toBe(3);
    expect(result.segments[0]).toMatchObject({ start: 0, end: 1 });
    expect(result.segments[1]!.start).toBeGreaterThan(24);
    expect(result.segments[1]!.start).toBeLessThanOrEqual(30);
    expect(result.segments[2]!.start).toBeGreaterThan(48);
    expect(result.text).toBe("Hello there Hello there Hello there");
    const progress: number[] = [];
    await asr.run(tone(40), { params: { timestamps: "none" }, onProgress: (p) => progress.push(p.done) });
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(40);
  });

  it("with --vad, transcribes only where there is speech", async () => {
    const samples = burstSamples({
      sampleRate: 16000,
      seconds: 80,
      spans: [
        [2, 4],
        [60, 62],
      ],
    });
    const result = await asr.run({ samples, sampleRate: 16000, duration: 80 }, { params: { vad: true } });
    expect(result.segments.map((s) => Math.round(s.start))).toEqual([2, 60]);
    const silent = await asr.run(
      { samples: new Float32Array(16000 * 5), sampleRate: 16000, duration: 5 },
      { params: { vad: true } },
    );
    expect(silent.text).toBe("");
  });

  it("rejects bad parameters before doing any work", async () => {
    await expect(asr.run(tone(1), { params: { timestamps: "sentence" } })).rejects.toThrow(
      /--timestamps must be/,
    );
    await expect(asr.run(tone(1), { params: { chunk_length_s: 0 } })).rejects.toThrow(/chunk_length_s/);
  });
});

describe("speech recognition pipeline, English-only and without cross-attentions", () => {
  let dir: string;
  let asr: SpeechRecognitionPipeline;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "hftool-asr-en-"));
    const fixture = buildWhisperFixture({
      dir: join(dir, "whisper"),
      multilingual: false,
      wordTimestamps: false,
    });
    asr = await createSpeechRecognitionPipeline({ model: fixture.dir, device: "cpu", dtype: "q8" });
  });
  afterAll(async () => {
    await asr.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("falls back to the variant it has, saying so", () => {
    expect(asr.dtype).toBe("fp32");
    expect(asr.notices[0]).toMatch(/no q8 weights; using fp32/);
  });

  it("transcribes without a language, and refuses languages and translation it cannot do", async () => {
    const audio = {
      samples: toneSamples({ frequency: 200, sampleRate: 16000, seconds: 2 }),
      sampleRate: 16000,
      duration: 2,
    };
    const result = await asr.run(audio, { params: { language: "english" } });
    expect(result.text).toBe("Hello there");
    expect(result.language).toBeUndefined();
    await expect(asr.run(audio, { params: { language: "de" } })).rejects.toThrow(/English-only Whisper/);
    await expect(asr.run(audio, { params: { translate: true } })).rejects.toThrow(/cannot translate/);
    await expect(asr.run(audio, { params: { vad: true } })).rejects.toThrow(
      /--vad needs a voice activity model/,
    );
  });

  it("explains that word timestamps need a _timestamped export", async () => {
    const audio = {
      samples: toneSamples({ frequency: 200, sampleRate: 16000, seconds: 2 }),
      sampleRate: 16000,
      duration: 2,
    };
    const error = await asr.run(audio, { params: { timestamps: "word" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as ModelFormatError).hint).toMatch(/_timestamped/);
  });
});
