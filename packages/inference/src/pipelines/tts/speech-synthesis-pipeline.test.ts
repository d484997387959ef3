import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError, UsageError } from "@hftool/core";
import { buildVitsFixture, type VitsFixture } from "@hftool/test-utils";
import { ModelFormatError } from "../../errors/errors.js";
import { createSpeechSynthesisPipeline, type SpeechSynthesisPipeline } from "./speech-synthesis-pipeline.js";
import { splitSentences } from "./split-sentences.js";

describe("speech synthesis pipeline (tiny VITS fixture)", () => {
  let dir: string;
  let fixture: VitsFixture;
  let tts: SpeechSynthesisPipeline;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "hftool-tts-"));
    fixture = buildVitsFixture({ dir: join(dir, "vits"), samplingRate: 22050 });
    tts = await createSpeechSynthesisPipeline({ model: fixture.dir, device: "cpu", dtype: "q8" });
  });
  afterAll(async () => {
    await tts.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("speaks text at the model's sampling rate, with the requested variant", async () => {
    expect(tts.dtype).toBe("q8");
    expect(tts.modelType).toBe("vits");
    const result = await tts.run("good movie");
    expect(result.kind).toBe("audio");
    expect(result.sampleRate).toBe(22050);
    expect(result.samples.length).toBe(fixture.tokenCount("good movie") * fixture.samplesPerToken);
    expect(Math.max(...result.samples)).toBeGreaterThan(0.1);
  });

  it("speaks long text sentence by sentence with pauses between", async () => {
    const steps: number[] = [];
    const result = await tts.run("Hi there. How are you?\nFine!", { onProgress: (p) => steps.push(p.done) });
    const tokens = ["Hi there.", "How are you?", "Fine!"].reduce((n, s) => n + fixture.tokenCount(s), 0);
    const pauses = 2 * Math.round(0.2 * 22050);
    expect(result.samples.length).toBe(tokens * fixture.samplesPerToken + pauses);
    expect(steps).toEqual([0, 1, 2, 3]);
  });

  it("refuses empty text and voices or speeds a single-voice model does not have", async () => {
    await expect(tts.run("   ")).rejects.toThrow(InputError);
    await expect(tts.run("hello", { params: { speaker: "F1" } })).rejects.toThrow(UsageError);
    await expect(tts.run("hello", { params: { speed: 1.5 } })).rejects.toThrow(/fixed rate/);
  });

  it("refuses SpeechT5, which needs a vocoder model", async () => {
    const speecht5 = join(dir, "speecht5");
    buildVitsFixture({ dir: speecht5 });
    writeFileSync(join(speecht5, "config.json"), JSON.stringify({ model_type: "speecht5" }));
    await expect(createSpeechSynthesisPipeline({ model: speecht5, device: "cpu" })).rejects.toThrow(
      ModelFormatError,
    );
  });
});

describe("splitSentences", () => {
  it("splits at sentence ends and line breaks, and cuts over-long sentences at spaces", () => {
    expect(splitSentences("One. Two!  Three?\n\nFour")).toEqual(["One.", "Two!", "Three?", "Four"]);
    const long = splitSentences(`${"word ".repeat(100)}end.`, 50);
    expect(long.every((s) => s.length <= 50)).toBe(true);
    expect(long.join(" ")).toBe(`${"word ".repeat(100)}end.`.replace(/\s+/g, " ").trim());
    expect(splitSentences("  \n ")).toEqual([]);
  });
});
