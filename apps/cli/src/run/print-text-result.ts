import type { TextTaskResult } from "@hftool/inference";
import type { CommandContext } from "../context.js";

const percent = (score: number) => `${(score * 100).toFixed(score >= 0.9995 || score < 0.0005 ? 2 : 1)}%`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A score as a bar of 20 cells. */
function bar(score: number, context: CommandContext): string {
  const filled = Math.round(Math.max(0, Math.min(1, score)) * 20);
  return context.out.c.cyan("█".repeat(filled)) + context.out.c.dim("░".repeat(20 - filled));
}

/** Shortens text for a table cell. */
const clip = (text: string, width = 48) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
};

/** One line saying what a text task produced (`Labelled the text POSITIVE (88.1%)`). */
export function describeTextResult(result: TextTaskResult): string {
  switch (result.kind) {
    case "text-labels": {
      const best = result.labels[0];
      return best ? `Labelled the text ${best.label} (${percent(best.score)})` : "Found no label";
    }
    case "entities":
      return `Found ${plural(result.entities.length, "entity").replace("entitys", "entities")}`;
    case "answers":
      return result.answers.length ? `Found ${plural(result.answers.length, "answer")}` : "Found no answer";
    case "mask-fills":
      return `Filled ${plural(result.masks.length, "mask")}`;
    case "generated-text": {
      const ended =
        result.finishReason === "length"
          ? ", stopped at the token limit (--max_new_tokens)"
          : result.finishReason === "stop"
            ? `, stopped at ${JSON.stringify(result.stop)}`
            : "";
      return `Generated ${plural(result.tokens, "token")} (${result.tokensPerSecond.toFixed(1)} tokens/s${result.seed !== undefined ? `, seed ${result.seed}` : ""}${ended})`;
    }
    case "embeddings":
      return `Embedded ${plural(result.inputs.length, "text")} as ${result.dims}-dimensional vectors`;
  }
}

/** Options of {@link printTextResult}. */
export interface PrintTextResultOptions {
  /** The generated text was already streamed to stdout. */
  streamed?: boolean;
  /** Print only the embeddings' size (`--dims`). */
  dims?: boolean;
}

/**
 * Prints a text task's result for people on stdout: labels and scores with bars, entities and
 * answers with where they are, fills with the sentences they make, generated text (unless it was
 * streamed), and for embeddings a summary (or only their size with `--dims`).
 */
export function printTextResult(
  result: TextTaskResult,
  context: CommandContext,
  options: PrintTextResultOptions = {},
): void {
  const out = context.out;
  const { c } = out;
  switch (result.kind) {
    case "text-labels":
      out.print(
        out.table(
          result.labels.map((l) => [c.bold(l.label), bar(l.score, context), percent(l.score)]),
          { indent: 2, gap: 2 },
        ),
      );
      if (result.multiLabel && result.labels.length > 1) out.print(c.dim("  (each label scored on its own)"));
      break;
    case "entities":
      if (result.entities.length === 0) {
        out.print("No entities found.");
        break;
      }
      out.print(
        out.table(
          [
            [c.dim("entity"), c.dim("text"), c.dim("where"), c.dim("score")],
            ...result.entities.map((e) => [
              c.bold(e.entity),
              e.word,
              e.start !== undefined ? `${e.start}-${e.end}` : "",
              percent(e.score),
            ]),
          ],
          { indent: 2, gap: 3 },
        ),
      );
      break;
    case "answers": {
      const [best, ...others] = result.answers;
      if (!best) {
        out.print("No answer found.");
        break;
      }
      out.result(best.answer);
      out.print(
        c.dim(
          `  score ${percent(best.score)}${best.start !== undefined ? `, characters ${best.start}-${best.end} of the context` : ""}`,
        ),
      );
      if (others.length) {
        out.print(
          out.table(
            others.map((a) => [c.dim("or"), a.answer, percent(a.score)]),
            { indent: 2, gap: 2 },
          ),
        );
      }
      break;
    }
    case "mask-fills":
      result.masks.forEach((mask, i) => {
        if (result.masks.length > 1) out.print(c.dim(`mask ${i + 1}:`));
        out.print(
          out.table(
            mask.fills.map((f) => [
              c.bold(f.token),
              bar(f.score, context),
              percent(f.score),
              c.dim(clip(f.sequence, 60)),
            ]),
            { indent: 2, gap: 2 },
          ),
        );
      });
      break;
    case "generated-text":
      if (!options.streamed && result.text !== "") out.result(result.text);
      break;
    case "embeddings": {
      const shape = result.shapes.every((s) => s.join() === result.shapes[0]!.join())
        ? [result.inputs.length, ...result.shapes[0]!].join("x")
        : `${result.inputs.length}x(tokens)x${result.dims}`;
      if (options.dims) {
        out.result(shape);
        break;
      }
      out.print(
        `${c.bold(shape)} ${c.dim(`(${result.pooling} pooling${result.normalized ? ", unit length" : ""})`)}`,
      );
      out.print(
        out.table(
          result.inputs.slice(0, 10).map((text, i) => {
            const values = Array.from(result.embeddings[i]!.subarray(0, 4), (v) => v.toFixed(3));
            return [clip(text, 40), c.dim(`[${values.join(", ")}, …]`)];
          }),
          { indent: 2, gap: 2 },
        ),
      );
      if (result.inputs.length > 10) out.print(c.dim(`  … and ${result.inputs.length - 10} more`));
      break;
    }
  }
}
