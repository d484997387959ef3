import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { readHistoryEntries } from "./read-history-entries.js";

describe("readHistoryEntries", () => {
  it("reads the newest entries first and skips what it cannot parse", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hftool-history-"));
    const file = join(dir, "history.jsonl");
    const lines = [];
    for (let id = 1; id <= 30; id++)
      lines.push(JSON.stringify({ id: `run-${id}`, task: "asr", input: `${id}.wav`, model: "m" }));
    lines.push("{broken", '{"id": "run-30", "task": "duplicate"}', "[]");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const entries = await readHistoryEntries({ file, limit: 3 });
    expect(entries).toEqual([
      { id: "run-30", task: "duplicate" },
      { id: "run-29", task: "asr", input: "29.wav", model: "m" },
      { id: "run-28", task: "asr", input: "28.wav", model: "m" },
    ]);
    // Reading only the end of a big file starts at a line boundary.
    const tail = await readHistoryEntries({ file, maxBytes: 200 });
    expect(tail.length).toBeGreaterThan(0);
    expect(tail.every((e) => /^run-\d+$/.test(e.id))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives nothing for a missing file", async () => {
    expect(await readHistoryEntries({ file: join(tmpdir(), "hftool-no-history.jsonl") })).toEqual([]);
  });
});
