import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { planBatchOutputs } from "./plan-batch-outputs.js";
import { readBatchSource } from "./read-batch-source.js";

const dir = () => mkdtempSync(join(tmpdir(), "hftool-batch-"));

describe("readBatchSource", () => {
  it("reads prompt lists, skipping comments and blank lines", async () => {
    const d = dir();
    writeFileSync(join(d, "prompts.txt"), "# my prompts\na cat\n\n  a dog  \n# end\n");
    expect(await readBatchSource({ source: "prompts.txt", inputKind: "text", cwd: d })).toEqual([
      { input: "a cat", origin: "prompts.txt:2" },
      { input: "a dog", origin: "prompts.txt:4" },
    ]);
  });

  it("reads file lists and folders, checking files exist", async () => {
    const d = dir();
    mkdirSync(join(d, "audio"));
    writeFileSync(join(d, "audio", "b.wav"), "");
    writeFileSync(join(d, "audio", "a.mp3"), "");
    writeFileSync(join(d, "audio", "notes.txt"), "");
    const folder = await readBatchSource({ source: "audio", inputKind: "audio", cwd: d });
    expect(folder.map((i) => i.input)).toEqual([join(d, "audio", "a.mp3"), join(d, "audio", "b.wav")]);
    writeFileSync(join(d, "list.txt"), "audio/b.wav\naudio/missing.wav\n");
    await expect(readBatchSource({ source: "list.txt", inputKind: "audio", cwd: d })).rejects.toThrow(
      "list.txt:2: input file",
    );
  });

  it("reads JSON arrays and JSONL with per-entry output and params", async () => {
    const d = dir();
    writeFileSync(
      join(d, "b.json"),
      JSON.stringify([{ input: "a cat", output: "cat.png", params: { steps: 2 } }, "a dog"]),
    );
    expect(await readBatchSource({ source: "b.json", inputKind: "text", cwd: d })).toEqual([
      { input: "a cat", output: join(d, "cat.png"), params: { steps: 2 }, origin: "b.json[0]" },
      { input: "a dog", origin: "b.json[1]" },
    ]);
    writeFileSync(join(d, "b.jsonl"), '{"input": "one"}\n\n{"input": "two", "params": {"seed": 1}}\n');
    expect(
      (await readBatchSource({ source: "b.jsonl", inputKind: "text", cwd: d })).map((i) => i.params?.seed),
    ).toEqual([undefined, 1]);
    writeFileSync(join(d, "bad.jsonl"), '{"input": "one"}\n{oops}\n');
    await expect(readBatchSource({ source: "bad.jsonl", inputKind: "text", cwd: d })).rejects.toThrow(
      "bad.jsonl:2 is not valid JSON",
    );
    writeFileSync(join(d, "bad.json"), JSON.stringify([{ input: "x", steps: 3 }]));
    await expect(readBatchSource({ source: "bad.json", inputKind: "text", cwd: d })).rejects.toThrow(
      "unknown field steps",
    );
  });

  it("reads CSV with an input column, other columns as typed parameters", async () => {
    const d = dir();
    writeFileSync(join(d, "b.csv"), 'input,steps,negative_prompt\n"a cat, sitting",4,blurry\na dog,,\n');
    expect(await readBatchSource({ source: "b.csv", inputKind: "text", cwd: d })).toEqual([
      { input: "a cat, sitting", params: { steps: 4, negative_prompt: "blurry" }, origin: "b.csv:2" },
      { input: "a dog", origin: "b.csv:3" },
    ]);
    writeFileSync(join(d, "nocol.csv"), "prompt\na cat\n");
    await expect(readBatchSource({ source: "nocol.csv", inputKind: "text", cwd: d })).rejects.toThrow(
      "no 'input' column",
    );
  });

  it("refuses empty batches and missing sources", async () => {
    const d = dir();
    writeFileSync(join(d, "empty.txt"), "# nothing\n");
    await expect(readBatchSource({ source: "empty.txt", inputKind: "text", cwd: d })).rejects.toThrow(
      "holds no inputs",
    );
    await expect(readBatchSource({ source: "nope.txt", inputKind: "text", cwd: d })).rejects.toThrow(
      "does not exist",
    );
  });
});

describe("planBatchOutputs", () => {
  it("names outputs after inputs, never over an input, never twice", () => {
    const outputs = planBatchOutputs({
      items: [
        { input: "/in/a.png", origin: "1" },
        { input: "/in/a.jpg", origin: "2" },
        { input: "/in/b.png", origin: "3", output: "/out/x.png" },
      ],
      extension: ".png",
      prefix: "image-to-image",
      fileInputs: true,
    });
    expect(outputs).toEqual(["/in/a-out.png", "/in/a-out-2.png", "/out/x.png"]);
  });

  it("numbers outputs of text inputs", () => {
    expect(
      planBatchOutputs({
        items: [
          { input: "a cat", origin: "1" },
          { input: "a dog", origin: "2" },
        ],
        outputDir: "/o",
        extension: ".png",
        prefix: "text-to-image",
        fileInputs: false,
      }),
    ).toEqual(["/o/text-to-image-0001.png", "/o/text-to-image-0002.png"]);
  });

  it("refuses an explicit output that is an input", () => {
    expect(() =>
      planBatchOutputs({
        items: [{ input: "/in/a.png", origin: "x", output: "/in/a.png" }],
        extension: ".png",
        prefix: "p",
        fileInputs: true,
      }),
    ).toThrow("is one of the batch's inputs");
  });
});
