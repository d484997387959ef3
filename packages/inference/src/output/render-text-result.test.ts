import { describe, expect, it } from "@jest/globals";
import { UsageError } from "@hftool/core";
import type { EmbeddingsResult, TextTaskResult } from "../pipelines/text/text-results.js";
import { renderTaskOutput } from "./render-task-output.js";

const labels: TextTaskResult = {
  kind: "text-labels",
  task: "text-classification",
  text: "great",
  labels: [
    { label: "POSITIVE", score: 0.98765 },
    { label: "NEG", score: 0.01235 },
  ],
  multiLabel: false,
  notices: [],
};
const embeddings = (pooling: EmbeddingsResult["pooling"], shapes: number[][]): EmbeddingsResult => ({
  kind: "embeddings",
  inputs: shapes.map((_, i) => `line ${i}`),
  embeddings: shapes.map((s, i) =>
    Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, (_, j) => i + j / 10),
  ),
  shapes,
  dims: shapes[0]!.at(-1)!,
  pooling,
  normalized: false,
  notices: [],
});

describe("renderTaskOutput for text results", () => {
  it("writes labels as JSON and as aligned columns", async () => {
    const json = JSON.parse(String((await renderTaskOutput({ result: labels, format: "json" })).data));
    expect(json).toEqual({
      text: "great",
      labels: [
        { label: "POSITIVE", score: 0.98765 },
        { label: "NEG", score: 0.01235 },
      ],
      multi_label: false,
    });
    expect((await renderTaskOutput({ result: labels, format: "txt" })).data).toBe(
      "POSITIVE  0.9877\nNEG       0.0123\n",
    );
    await expect(renderTaskOutput({ result: labels, format: "npy" })).rejects.toThrow(UsageError);
  });

  it("writes embeddings as JSON with short float32 numbers, and as .npy", async () => {
    const pooled = embeddings("mean", [[3], [3]]);
    const json = JSON.parse(String((await renderTaskOutput({ result: pooled, format: "json" })).data));
    expect(json).toMatchObject({ count: 2, dims: 3, pooling: "mean", normalized: false });
    expect(json.embeddings[1]).toEqual({ text: "line 1", embedding: [1, 1.1, 1.2] });
    const npy = (await renderTaskOutput({ result: pooled, format: "npy" })).data as Uint8Array;
    expect(Buffer.from(npy.subarray(10, 80)).toString("latin1")).toContain("'shape': (2, 3)");
    await expect(renderTaskOutput({ result: pooled, format: "txt" })).rejects.toMatchObject({
      hint: "Use one of: json, npy.",
    });
  });

  it("writes unpooled embeddings as nested arrays; .npy only when they are rectangular", async () => {
    const one = embeddings("none", [[2, 3]]);
    const json = JSON.parse(String((await renderTaskOutput({ result: one, format: "json" })).data));
    expect(json.embeddings[0].embedding).toEqual([
      [0, 0.1, 0.2],
      [0.3, 0.4, 0.5],
    ]);
    const npy = (await renderTaskOutput({ result: one, format: "npy" })).data as Uint8Array;
    expect(Buffer.from(npy.subarray(10, 80)).toString("latin1")).toContain("'shape': (2, 3)");
    const ragged = embeddings("none", [
      [2, 3],
      [4, 3],
    ]);
    await expect(renderTaskOutput({ result: ragged, format: "npy" })).rejects.toThrow(/rectangular/);
  });
});
