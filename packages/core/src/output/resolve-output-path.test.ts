import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError, UsageError } from "../errors/errors.js";
import { resolveOutputPath } from "./resolve-output-path.js";

describe("resolveOutputPath", () => {
  let dir: string;
  const date = new Date(2026, 0, 2, 3, 4, 5);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "hftool-output-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("names the output from the task and time in the output folder when -o is omitted", () => {
    const out = join(dir, "out");
    expect(resolveOutputPath({ task: "asr", outputDir: out, cwd: dir, date })).toEqual({
      path: join(out, "automatic-speech-recognition-20260102-030405.txt"),
      format: "txt",
      automatic: true,
      exists: false,
    });
    expect(resolveOutputPath({ task: "vad", format: ".SRT", cwd: dir, date }).path).toBe(
      join(dir, "voice-activity-detection-20260102-030405.srt"),
    );
  });

  it("never reuses a taken automatic name", () => {
    writeFileSync(join(dir, "text-to-speech-20260102-030405.wav"), "x");
    writeFileSync(join(dir, "text-to-speech-20260102-030405-2.wav"), "x");
    expect(resolveOutputPath({ task: "tts", cwd: dir, date }).path).toBe(
      join(dir, "text-to-speech-20260102-030405-3.wav"),
    );
  });

  it("takes the format from -o's extension and reports an existing file", () => {
    writeFileSync(join(dir, "talk.vtt"), "old");
    expect(resolveOutputPath({ task: "asr", output: "talk.vtt", cwd: dir })).toEqual({
      path: join(dir, "talk.vtt"),
      format: "vtt",
      automatic: false,
      exists: true,
    });
  });

  it("keeps a name without extension and uses --format or the default format", () => {
    expect(resolveOutputPath({ task: "asr", output: "notes", cwd: dir }).format).toBe("txt");
    const withFormat = resolveOutputPath({ task: "asr", output: "notes", format: "json", cwd: dir });
    expect(withFormat).toMatchObject({ path: join(dir, "notes"), format: "json" });
  });

  it("names the output automatically inside a folder given as -o", () => {
    mkdirSync(join(dir, "results"));
    expect(resolveOutputPath({ task: "vad", output: "results", cwd: dir, date }).path).toBe(
      join(dir, "results", "voice-activity-detection-20260102-030405.json"),
    );
    expect(resolveOutputPath({ task: "vad", output: "new/", cwd: dir, date }).path).toBe(
      join(dir, "new", "voice-activity-detection-20260102-030405.json"),
    );
  });

  it("rejects formats the task cannot write, and -o disagreeing with --format", () => {
    expect(() => resolveOutputPath({ task: "tts", output: "speech.aiff", cwd: dir })).toThrow(UsageError);
    expect(() => resolveOutputPath({ task: "tts", output: "speech.aiff", cwd: dir })).toThrow(
      /cannot write \.aiff/,
    );
    // formats ffmpeg writes are the task's formats (whether ffmpeg is here is checked before a run)
    expect(resolveOutputPath({ task: "tts", output: "speech.mp3", cwd: dir }).format).toBe("mp3");
    expect(() => resolveOutputPath({ task: "asr", format: "png", cwd: dir })).toThrow(/srt/);
    expect(() => resolveOutputPath({ task: "asr", output: "a.srt", format: "vtt", cwd: dir })).toThrow(
      /--format says vtt/,
    );
  });

  it("never writes over an input", () => {
    writeFileSync(join(dir, "talk.json"), "{}");
    expect(() =>
      resolveOutputPath({ task: "vad", output: "./talk.json", inputPaths: ["talk.json"], cwd: dir }),
    ).toThrow(InputError);
    // an automatic name that would collide with the input skips it
    const input = join(dir, "voice-activity-detection-20260102-030405.json");
    const resolved = resolveOutputPath({ task: "vad", inputPaths: [input], cwd: dir, date });
    expect(resolved.path).toBe(join(dir, "voice-activity-detection-20260102-030405-2.json"));
  });
});
