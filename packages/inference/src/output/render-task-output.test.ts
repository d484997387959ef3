import { describe, expect, it } from "@jest/globals";
import { UsageError } from "@hftool/core";
import { decodeAudio } from "../audio/decode-audio.js";
import type { TranscriptionResult } from "../pipelines/task-result.js";
import { renderTaskOutput } from "./render-task-output.js";

const transcript: TranscriptionResult = {
  kind: "transcript",
  text: "Hello there. General Kenobi.",
  segments: [
    { start: 0, end: 1.5, text: "Hello there." },
    { start: 2, end: 3.25, text: "General Kenobi." },
  ],
  language: "en",
  task: "transcribe",
  duration: 4,
};

describe("renderTaskOutput", () => {
  it("writes transcripts as text, SubRip, WebVTT and JSON", async () => {
    expect(await renderTaskOutput({ result: transcript, format: "txt" })).toEqual({
      data: "Hello there. General Kenobi.\n",
      mediaType: "text/plain",
    });
    expect((await renderTaskOutput({ result: transcript, format: "srt" })).data).toBe(
      "1\n00:00:00,000 --> 00:00:01,500\nHello there.\n\n2\n00:00:02,000 --> 00:00:03,250\nGeneral Kenobi.\n",
    );
    expect((await renderTaskOutput({ result: transcript, format: "vtt" })).data).toMatch(
      /^WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n/,
    );
    const json = JSON.parse((await renderTaskOutput({ result: transcript, format: "json" })).data as string);
    expect(json).toEqual({
      text: transcript.text,
      language: "en",
      task: "transcribe",
      duration: 4,
      segments: transcript.segments,
    });
  });

  it("makes one subtitle of a transcript without timestamps", async () => {
    const plain = { ...transcript, segments: [] };
    expect((await renderTaskOutput({ result: plain, format: "srt" })).data).toBe(
      "1\n00:00:00,000 --> 00:00:04,000\nHello there. General Kenobi.\n",
    );
  });

  it("writes speech segments as JSON, SubRip and tab-separated text", async () => {
    const result = {
      kind: "speech-segments" as const,
      segments: [
        { start: 0.48, end: 1.95 },
        { start: 3.25, end: 5.9 },
      ],
      duration: 6.7,
      speechDuration: 4.12,
      windowDuration: 0.032,
    };
    expect(JSON.parse((await renderTaskOutput({ result, format: "json" })).data as string)).toEqual({
      segments: result.segments,
      duration: 6.7,
      speech_duration: 4.12,
    });
    expect((await renderTaskOutput({ result, format: "srt" })).data).toBe(
      "1\n00:00:00,480 --> 00:00:01,950\n[speech]\n\n2\n00:00:03,250 --> 00:00:05,900\n[speech]\n",
    );
    expect((await renderTaskOutput({ result, format: "txt" })).data).toBe("0.480\t1.950\n3.250\t5.900\n");
  });

  it("writes audio as a WAV that decodes back", async () => {
    const samples = Float32Array.from({ length: 800 }, (_, i) => Math.sin(i / 10) * 0.5);
    const rendered = await renderTaskOutput({
      result: { kind: "audio", samples, sampleRate: 8000, duration: 0.1 },
      format: "wav",
    });
    expect(rendered.mediaType).toBe("audio/wav");
    const back = await decodeAudio({ data: rendered.data as Uint8Array, sampleRate: undefined });
    expect(back.sampleRate).toBe(8000);
    expect(back.samples.length).toBe(800);
  });

  it("refuses formats a result does not have", async () => {
    await expect(renderTaskOutput({ result: transcript, format: "wav" })).rejects.toThrow(UsageError);
    await expect(
      renderTaskOutput({
        result: { kind: "image", png: new Uint8Array(8), width: 1, height: 1 },
        format: "gif",
      }),
    ).rejects.toThrow(/image cannot be written as .gif/);
  });
});
