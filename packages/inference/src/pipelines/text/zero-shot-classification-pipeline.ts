import { ModelFormatError } from "../../errors/errors.js";
import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { loadTransformersPipeline } from "./load-transformers-pipeline.js";
import { prepareTextTaskInput } from "./prepare-text-task-input.js";
import { readBoolean, readString } from "./read-params.js";
import { TextPipelineBase } from "./text-pipeline-base.js";
import type { TextLabelsResult } from "./text-results.js";

/** Parameters of zero-shot classification, as in core's task registry. */
export interface ZeroShotClassificationParams {
  /** Candidate labels: an array, or one comma-separated string. Required. */
  labels?: string[] | string;
  /** Labels are independent (several may apply), not exclusive. @default false */
  multi_label?: boolean;
  /** Turns a label into the hypothesis the model checks; `{}` is the label. @default "This example is {}." */
  hypothesis_template?: string;
}

/**
 * Zero-shot classification with a natural-language-inference model: each label becomes a
 * hypothesis ("This example is sports.") and the model says how much the text entails it.
 */
export class ZeroShotClassificationPipeline extends TextPipelineBase<TextLabelsResult> {
  readonly task = "zero-shot-classification";

  async run(input: string, options: PipelineRunOptions = {}): Promise<TextLabelsResult> {
    const params = options.params ?? {};
    const { text, labels } = prepareTextTaskInput({ task: this.task, text: input, params });
    const multiLabel = readBoolean(params, "multi_label") ?? false;
    const template = readString(params, "hypothesis_template") ?? "This example is {}.";
    const notice = this.truncationNotice(`${text} ${template}`, 3);
    const output = (await this.step(options, () =>
      this.loaded.pipe(text, labels, { hypothesis_template: template, multi_label: multiLabel }),
    )) as { labels: string[]; scores: number[] };
    return {
      kind: "text-labels",
      task: this.task,
      text,
      labels: output.labels.map((label, i) => ({ label, score: output.scores[i]! })),
      // one label is scored on its own (entailment vs contradiction), as with multi_label
      multiLabel: multiLabel || labels!.length === 1,
      notices: notice ? [notice] : [],
    };
  }
}

/**
 * Loads an NLI classifier (MNLI/XNLI-trained, with an `entailment` label) for zero-shot
 * classification.
 *
 * @throws {ModelFormatError} for a classifier without an `entailment` label.
 */
export async function createZeroShotClassificationPipeline(
  params: LoadPipelineParams,
): Promise<ZeroShotClassificationPipeline> {
  const loaded = await loadTransformersPipeline({
    ...params,
    task: "zero-shot-classification",
    expected: "a natural-language-inference classifier (trained on MNLI or XNLI, with an entailment label)",
  });
  const labels = Object.keys((loaded.config.label2id as Record<string, number> | undefined) ?? {});
  if (!labels.some((l) => l.toLowerCase() === "entailment")) {
    await loaded.pipe.dispose();
    throw new ModelFormatError(
      loaded.dir,
      `This model is not an NLI model: its labels (${labels.join(", ") || "none"}) have no 'entailment'.`,
      {
        code: "MODEL_NOT_SUPPORTED",
        hint: "Zero-shot classification needs an MNLI/XNLI classifier, e.g. -m mobilebert-mnli (hftool models -t zero-shot).",
      },
    );
  }
  return new ZeroShotClassificationPipeline(loaded);
}
