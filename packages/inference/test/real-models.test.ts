// Real-model tier: models placed in HFTOOL_TEST_MODELS_DIR, laid out as a Hugging Face cache
// (models--org--name/snapshots/<commit>/…, e.g. HFTOOL_TEST_MODELS_DIR=~/.cache/huggingface/hub),
// run with real expectations. Each test prints why it skips when its model is absent.
import { describe, expect, it } from "@jest/globals";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { findWorkspaceRoot } from "@hftool/test-utils";
import { createSpeechRecognitionPipeline } from "../src/pipelines/asr/speech-recognition-pipeline.js";
import { createSpeechSynthesisPipeline } from "../src/pipelines/tts/speech-synthesis-pipeline.js";
import { createVoiceActivityPipeline } from "../src/pipelines/vad/voice-activity-pipeline.js";

const root = process.env.HFTOOL_TEST_MODELS_DIR;
const recording = readFileSync(join(findWorkspaceRoot(), "apps", "cli", "assets", "demo-speech.wav"));

/** The newest snapshot folder of the first repo present, or why there is none. */
function findModel(repos: readonly string[]): { dir?: string; reason: string } {
  if (!root) return { reason: "HFTOOL_TEST_MODELS_DIR is not set" };
  for (const repo of repos) {
    const snapshots = join(root, `models--${repo.replace("/", "--")}`, "snapshots");
    if (!existsSync(snapshots)) continue;
    const commits = readdirSync(snapshots);
    if (commits.length > 0) return { dir: join(snapshots, commits.sort().at(-1)!), reason: "" };
  }
  return { reason: `none of ${repos.join(", ")} is in ${root}` };
}

const WHISPER = [
  "onnx-community/whisper-tiny.en",
  "Xenova/whisper-tiny.en",
  "onnx-community/whisper-tiny",
  "Xenova/whisper-tiny",
  "onnx-community/whisper-base",
  "Xenova/whisper-base",
];

describe("real models from HFTOOL_TEST_MODELS_DIR", () => {
  it("Whisper transcribes the demo recording", async () => {
    const model = findModel(WHISPER);
    if (!model.dir) return console.log(`skipped: ${model.reason}`);
    const asr = await createSpeechRecognitionPipeline({ model: model.dir, device: "cpu" });
    try {
      const result = await asr.run(recording, { params: { language: "en" } });
      // espeak-ng says: "Hello from h f tool. Voice activity detection, fully offline."
      expect(result.text.toLowerCase()).toContain("hello");
      expect(result.text.toLowerCase()).toMatch(/offline|off line/);
      expect(result.segments.length).toBeGreaterThan(0);
      expect(result.segments.at(-1)!.end).toBeLessThanOrEqual(6.8);
    } finally {
      await asr.dispose();
    }
  });

  it("MMS/VITS speaks, and Whisper understands what it said", async () => {
    const voice = findModel(["Xenova/mms-tts-eng"]);
    if (!voice.dir) return console.log(`skipped: ${voice.reason}`);
    const tts = await createSpeechSynthesisPipeline({ model: voice.dir, device: "cpu" });
    const audio = await tts.run("Hello world.");
    await tts.dispose();
    expect(audio.sampleRate).toBe(16000);
    expect(audio.duration).toBeGreaterThan(0.4);
    expect(audio.duration).toBeLessThan(4);
    const whisper = findModel(WHISPER);
    if (!whisper.dir) return console.log(`skipped the round trip: ${whisper.reason}`);
    const asr = await createSpeechRecognitionPipeline({ model: whisper.dir, device: "cpu" });
    try {
      const heard = await asr.run({
        samples: audio.samples,
        sampleRate: audio.sampleRate,
        duration: audio.duration,
      });
      expect(heard.text.toLowerCase()).toContain("hello");
    } finally {
      await asr.dispose();
    }
  });

  it("Silero VAD from the Hub layout finds the two sentences", async () => {
    const model = findModel(["onnx-community/silero-vad"]);
    if (!model.dir) return console.log(`skipped: ${model.reason}`);
    const vad = await createVoiceActivityPipeline({ model: model.dir });
    try {
      const result = await vad.run(recording);
      expect(result.segments).toHaveLength(2);
      expect(result.segments[0]!.start).toBeLessThan(0.8);
      expect(result.segments[1]!.start).toBeGreaterThan(2.5);
    } finally {
      await vad.dispose();
    }
  });
});
