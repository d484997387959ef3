import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { appendHistory } from "./append-history.js";
import { listRecentInputs } from "./list-recent-inputs.js";
import type { NewHistoryEntry } from "./types.js";

const entry = (task: string, input: string, output?: string): NewHistoryEntry => ({
  time: "2026-11-25T10:00:00.000Z",
  source: "run",
  task,
  model: "m",
  input,
  ...(output ? { output } : {}),
  extra: {},
  params: {},
  durationMs: 1,
  success: true,
});

describe("listRecentInputs", () => {
  it("offers existing files of the wanted kind, inputs and outputs, newest first without repeats", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hftool-recent-"));
    const file = join(dir, "history.jsonl");
    for (const name of ["talk.wav", "speech.wav", "notes.txt", "pic.png"])
      writeFileSync(join(dir, name), "x");
    await appendHistory({
      file,
      entry: entry("automatic-speech-recognition", join(dir, "talk.wav"), join(dir, "talk.txt")),
    });
    await appendHistory({ file, entry: entry("text-to-speech", "hello there", join(dir, "speech.wav")) });
    await appendHistory({ file, entry: entry("automatic-speech-recognition", join(dir, "gone.wav")) });
    await appendHistory({ file, entry: entry("automatic-speech-recognition", join(dir, "talk.wav")) });
    await appendHistory({ file, entry: entry("image-classification", join(dir, "pic.png")) });

    const audio = await listRecentInputs({ file, kind: "audio" });
    expect(audio.map((r) => [r.value, r.role, r.id])).toEqual([
      [join(dir, "talk.wav"), "input", 4],
      [join(dir, "speech.wav"), "output", 2],
    ]);
    // text tasks get the texts given to text tasks, never an image's or a recording's path
    const text = await listRecentInputs({ file, kind: "text" });
    expect(text.map((r) => [r.value, r.kind])).toEqual([["hello there", "text"]]);
    expect((await listRecentInputs({ file, kind: "image" })).map((r) => r.value)).toEqual([
      join(dir, "pic.png"),
    ]);
    expect(await listRecentInputs({ file, kind: "audio", limit: 1 })).toHaveLength(1);
    expect(await listRecentInputs({ file: join(dir, "none.jsonl"), kind: "audio" })).toEqual([]);
  });
});
