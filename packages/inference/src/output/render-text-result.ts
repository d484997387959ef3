import { UsageError } from "@hftool/core";
import type { TextTaskResult } from "../pipelines/text/text-results.js";
import { encodeNpy } from "./encode-npy.js";
import type { RenderedOutput } from "./render-task-output.js";
import { textResultToJson } from "./text-result-to-json.js";

/** Parameters of {@link renderTextResult}. */
export interface RenderTextResultParams {
  result: TextTaskResult;
  /** `json`, `txt` or (embeddings) `npy`. */
  format: string;
}

const score = (s: number) => s.toFixed(4);

/** Columns padded to their widest cell, joined by two spaces. */
function columns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join("");
}

/** One array of all embeddings, for `.npy`: [count, dims], or [tokens, dims] / [count, tokens, dims] unpooled. */
function stackEmbeddings(result: Extract<TextTaskResult, { kind: "embeddings" }>): {
  data: Float32Array;
  shape: number[];
} {
  const first = result.shapes[0] ?? [0];
  if (result.shapes.some((s) => s.join() !== first.join())) {
    throw new UsageError(
      "With --pooling none, each line has its own number of token vectors, and .npy holds one rectangular array.",
      {
        hint: "Write .json, embed one line at a time, or pool the tokens (--pooling mean).",
      },
    );
  }
  const data = new Float32Array(result.embeddings.reduce((n, e) => n + e.length, 0));
  let at = 0;
  for (const e of result.embeddings) {
    data.set(e, at);
    at += e.length;
  }
  const shape =
    result.pooling === "none" && result.inputs.length === 1 ? first : [result.inputs.length, ...first];
  return { data, shape };
}

/**
 * Renders a text task's result as a file: JSON (the structured result, for every text task),
 * readable text (labels and scores in columns, entities, answers, generated text), or NumPy
 * `.npy` (embeddings).
 *
 * @throws {UsageError} when the result has no such format.
 */
export function renderTextResult({ result, format }: RenderTextResultParams): RenderedOutput {
  if (format === "json")
    return { data: `${JSON.stringify(textResultToJson(result), null, 2)}\n`, mediaType: "application/json" };
  if (result.kind === "embeddings") {
    if (format === "npy") return { data: encodeNpy(stackEmbeddings(result)), mediaType: "application/x-npy" };
    throw new UsageError(`Embeddings cannot be written as .${format}.`, { hint: "Use one of: json, npy." });
  }
  if (format !== "txt") {
    throw new UsageError(`A ${result.kind.replace("-", " ")} result cannot be written as .${format}.`, {
      hint: "Use one of: json, txt.",
    });
  }
  const text = (data: string) => ({ data, mediaType: "text/plain" });
  switch (result.kind) {
    case "text-labels":
      return text(columns(result.labels.map((l) => [l.label, score(l.score)])));
    case "entities":
      return text(
        result.entities.length === 0
          ? ""
          : columns(
              result.entities.map((e) => [
                e.entity,
                e.word,
                score(e.score),
                e.start !== undefined ? `${e.start}-${e.end}` : "",
              ]),
            ),
      );
    case "answers":
      return text(
        columns(
          result.answers.map((a) => [
            a.answer,
            score(a.score),
            a.start !== undefined ? `${a.start}-${a.end}` : "",
          ]),
        ),
      );
    case "mask-fills":
      return text(
        result.masks
          .map((m) => columns(m.fills.map((f) => [f.token, score(f.score), f.sequence])))
          .join("\n"),
      );
    case "generated-text":
      return text(result.text === "" ? "" : `${result.text}\n`);
  }
}
