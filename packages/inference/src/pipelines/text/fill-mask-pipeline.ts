import { ModelFormatError } from "../../errors/errors.js";
import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { loadTransformersPipeline } from "./load-transformers-pipeline.js";
import { prepareTextTaskInput } from "./prepare-text-task-input.js";
import { readTopK } from "./read-params.js";
import { TextPipelineBase } from "./text-pipeline-base.js";
import type { MaskFill, MaskFillsResult } from "./text-results.js";

/** Parameters of fill-mask, as in core's task registry. */
export interface FillMaskParams {
  /** Candidates per mask. @default 5 */
  top_k?: number;
}

/** How people write a mask; each is replaced by the model's own mask token. */
const WRITTEN_MASK = /\[MASK\]|<mask>/g;

type TensorLike = { data: Float32Array; dims: number[]; tolist(): unknown[] };

/**
 * Fill-mask with a masked language model (BERT, RoBERTa, …). Unlike transformers.js's pipeline,
 * which fills only the first mask, every mask gets its candidates, and `[MASK]` and `<mask>` both
 * work whatever the model's own mask token is.
 */
export class FillMaskPipeline extends TextPipelineBase<MaskFillsResult> {
  readonly task = "fill-mask";

  async run(input: string, options: PipelineRunOptions = {}): Promise<MaskFillsResult> {
    const params = options.params ?? {};
    const { text } = prepareTextTaskInput({ task: this.task, text: input, params });
    const topK = readTopK(params, 5) ?? 50;
    const tokenizer = this.tokenizer;
    const maskToken = tokenizer.mask_token!;
    const maskId = Number(tokenizer.mask_token_id);
    const written = [...text.matchAll(WRITTEN_MASK)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
    }));
    const inputs = tokenizer(text.replace(WRITTEN_MASK, maskToken), { padding: true, truncation: true });
    const { logits } = (await this.step(options, () => this.loaded.pipe.model(inputs))) as {
      logits: TensorLike;
    };
    const ids = ((inputs.input_ids as TensorLike).tolist()[0] as (number | bigint)[]).map(Number);
    const positions = ids.flatMap((id, i) => (id === maskId ? [i] : []));
    const vocab = logits.dims.at(-1)!;
    const masks = positions.slice(0, written.length).map((position, m) => {
      const row = logits.data.subarray(position * vocab, (position + 1) * vocab);
      let max = -Infinity;
      for (const v of row) if (v > max) max = v;
      const exp = Float32Array.from(row, (v) => Math.exp(v - max));
      const total = exp.reduce((a, b) => a + b, 0);
      const order = Array.from(exp.keys())
        .sort((a, b) => exp[b]! - exp[a]!)
        .slice(0, topK);
      const { start, end } = written[m]!;
      const fills: MaskFill[] = order.map((tokenId) => {
        const token = tokenizer.decode([tokenId], { skip_special_tokens: false }).trim().replace(/^##/, "");
        return {
          token,
          tokenId,
          score: exp[tokenId]! / total,
          sequence: text.slice(0, start) + token + text.slice(end),
        };
      });
      return { start, end, fills };
    });
    const notices =
      positions.length < written.length
        ? [
            `The text is longer than the model reads: ${written.length - positions.length} mask(s) at the end were cut off.`,
          ]
        : [];
    return { kind: "mask-fills", text, maskToken, masks, notices };
  }
}

/**
 * Loads a masked language model (…ForMaskedLM) from a model folder.
 *
 * @throws {ModelFormatError} when its tokenizer has no mask token.
 */
export async function createFillMaskPipeline(params: LoadPipelineParams): Promise<FillMaskPipeline> {
  const loaded = await loadTransformersPipeline({
    ...params,
    task: "fill-mask",
    expected: "a masked language model (…ForMaskedLM, e.g. BERT or RoBERTa)",
  });
  if (!loaded.pipe.tokenizer.mask_token || loaded.pipe.tokenizer.mask_token_id == null) {
    await loaded.pipe.dispose();
    throw new ModelFormatError(
      loaded.dir,
      "This model's tokenizer has no mask token, so it cannot fill masks.",
      {
        code: "MODEL_NOT_SUPPORTED",
        hint: "Use a masked language model such as -m bert-base-uncased (hftool models -t fill-mask).",
      },
    );
  }
  return new FillMaskPipeline(loaded);
}
