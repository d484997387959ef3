import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "@jest/globals";
import { appendHistory } from "./append-history.js";
import { clearHistory } from "./clear-history.js";
import { findHistoryEntry } from "./find-history-entry.js";
import { historyToArgs, quoteShellWord } from "./history-to-args.js";
import { readHistory } from "./read-history.js";
import type { NewHistoryEntry } from "./types.js";

const entry = (input: string, extra: Partial<NewHistoryEntry> = {}): NewHistoryEntry => ({
  time: new Date().toISOString(),
  source: "run",
  task: "automatic-speech-recognition",
  model: "onnx-community/whisper-base",
  input,
  extra: {},
  params: {},
  durationMs: 12,
  success: true,
  ...extra,
});
const tempFile = () => join(mkdtempSync(join(tmpdir(), "hftool-history-")), "history.jsonl");

describe("history", () => {
  it("appends entries with increasing ids and reads them newest first", async () => {
    const file = tempFile();
    const a = await appendHistory({ file, entry: entry("a.wav") });
    const b = await appendHistory({
      file,
      entry: entry("b.wav", { success: false, error: { code: "X", message: "boom" } }),
    });
    expect([a.id, b.id]).toEqual([1, 2]);
    const { entries } = await readHistory({ file });
    expect(entries.map((e) => e.input)).toEqual(["b.wav", "a.wav"]);
    expect((await findHistoryEntry({ file, id: 2 })).error?.message).toBe("boom");
    expect((await findHistoryEntry({ file, id: "last" })).id).toBe(2);
    await expect(findHistoryEntry({ file, id: 9 })).rejects.toThrow("Entries go from 1 to 2");
  });

  it("caps the file, dropping the oldest but never the newest", async () => {
    const file = tempFile();
    for (let i = 0; i < 25; i++) await appendHistory({ file, entry: entry(`${i}.wav`), maxEntries: 10 });
    const { entries } = await readHistory({ file });
    expect(entries.length).toBeLessThanOrEqual(11);
    expect(entries[0]!.input).toBe("24.wav");
    expect(entries[0]!.id).toBe(25);
  });

  it("skips broken lines and keeps going", async () => {
    const file = tempFile();
    writeFileSync(file, '{"id": 1, "task": "x"}\nnot json\n{"id": 2, "task"');
    const next = await appendHistory({ file, entry: entry("c.wav") });
    expect(next.id).toBe(2);
    const { entries, invalidLines } = await readHistory({ file });
    expect(entries.map((e) => e.id)).toEqual([2, 1]);
    expect(invalidLines).toBe(2);
  });

  it("never interleaves appends from concurrent processes", async () => {
    const file = tempFile();
    const core = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
    const script = `const { appendHistory } = await import(${JSON.stringify(core)});
      for (let i = 0; i < 25; i++) await appendHistory({ file: process.argv[1], entry: { time: "", source: "batch", task: "t", model: "m", input: process.argv[2] + "-" + i + "-" + "x".repeat(3000), extra: {}, params: {}, durationMs: 0, success: true } });`;
    await Promise.all(
      ["p1", "p2", "p3", "p4"].map(
        (name) =>
          new Promise<void>((resolve, reject) => {
            const child = spawn(process.execPath, ["--input-type=module", "-e", script, file, name], {
              stdio: "inherit",
            });
            child.on("exit", (code) =>
              code === 0 ? resolve() : reject(new Error(`${name} exited ${code}`)),
            );
          }),
      ),
    );
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines).toHaveLength(100);
    const ids = lines.map((l) => (JSON.parse(l) as { id: number }).id);
    expect(new Set(ids).size).toBe(100);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("clears the history", async () => {
    const file = tempFile();
    await appendHistory({ file, entry: entry("a.wav") });
    expect(await clearHistory({ file })).toBe(true);
    expect((await readHistory({ file })).entries).toEqual([]);
    expect(await clearHistory({ file })).toBe(false);
  });

  it("turns an entry back into the exact command, extra parameters included", () => {
    const args = historyToArgs({
      id: 3,
      ...entry("a cat's photo", {
        task: "text-to-image",
        model: "onnxruntime/sd-turbo",
        output: "/tmp/out.png",
        seed: 7,
        device: "cuda",
        dtype: "fp16",
      }),
      extra: { steps: 4, guidance_scale: 0, fast: true, label: "007", stop: [".", "!"] },
    });
    expect(args).toEqual([
      "-t",
      "text-to-image",
      "-m",
      "onnxruntime/sd-turbo",
      "-i",
      "a cat's photo",
      "-o",
      "/tmp/out.png",
      "--device",
      "cuda",
      "--dtype",
      "fp16",
      "--seed",
      "7",
      "--",
      "--steps",
      "4",
      "--guidance_scale",
      "0",
      "--fast",
      "--label",
      '"007"',
      "--stop",
      ".",
      "--stop",
      "!",
    ]);
    expect(args.map(quoteShellWord).join(" ")).toContain(`-i 'a cat'\\''s photo'`);
  });
});
