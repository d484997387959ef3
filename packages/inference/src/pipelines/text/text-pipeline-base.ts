import { AbortError, isHftoolError, type Dtype } from "@hftool/core";
import { InferenceError } from "../../errors/errors.js";
import type { ResolvedDevice } from "../../runtime/resolve-device.js";
import type { Pipeline, PipelineRunOptions } from "../pipeline.js";
import type { LoadedTransformersPipeline } from "./load-transformers-pipeline.js";

/** The part of a transformers.js tokenizer the text pipelines use. */
export interface TextTokenizer {
  (text: string | string[], options?: Record<string, unknown>): Record<string, unknown>;
  encode(text: string, options?: { text_pair?: string | null; add_special_tokens?: boolean }): number[];
  decode(ids: readonly (number | bigint)[], options?: { skip_special_tokens?: boolean }): string;
  readonly model_max_length: number;
  readonly mask_token?: string | null;
  readonly mask_token_id?: number | null;
  readonly chat_template?: unknown;
  readonly add_bos_token?: boolean;
  readonly add_eos_token?: boolean;
  apply_chat_template(messages: unknown[], options: Record<string, unknown>): string;
}

/** What all text pipelines share: the loaded transformers.js pipeline, limits, error wrapping. */
export abstract class TextPipelineBase<Result> implements Pipeline<string, Result> {
  abstract readonly task: string;

  constructor(protected readonly loaded: LoadedTransformersPipeline) {}

  get modelPath(): string {
    return this.loaded.dir;
  }
  get device(): ResolvedDevice {
    return this.loaded.device;
  }
  get dtype(): Dtype {
    return this.loaded.dtype;
  }
  get notices(): readonly string[] {
    return this.loaded.notices;
  }

  protected get tokenizer(): TextTokenizer {
    return this.loaded.pipe.tokenizer as TextTokenizer;
  }

  /** Most tokens the model reads at once (special tokens included), or Infinity when unknown. */
  protected get maxTokens(): number {
    const fromTokenizer = this.tokenizer.model_max_length;
    const fromConfig = this.loaded.config.max_position_embeddings;
    // tokenizers without a limit report a huge sentinel (1e30)
    const limits = [fromTokenizer, fromConfig].filter(
      (n): n is number => typeof n === "number" && n > 0 && n < 1e9,
    );
    return limits.length ? Math.min(...limits) : Infinity;
  }

  /** Tokens of a text, without special tokens. */
  protected countTokens(text: string): number {
    return this.tokenizer.encode(text, { add_special_tokens: false }).length;
  }

  /** A notice when a text is longer than the model reads (the rest is cut off). */
  protected truncationNotice(text: string, reserved = 2): string | undefined {
    const limit = this.maxTokens;
    if (!Number.isFinite(limit)) return undefined;
    const count = this.countTokens(text) + reserved;
    if (count <= limit) return undefined;
    return `The input has ${count} tokens, but the model reads ${limit}: only the beginning was used.`;
  }

  /** Runs a model step, turning failures into an {@link InferenceError} and honouring the signal. */
  protected async step<T>(options: PipelineRunOptions, work: () => Promise<T>): Promise<T> {
    if (options.signal?.aborted) throw new AbortError();
    try {
      return await work();
    } catch (error) {
      if (options.signal?.aborted) throw new AbortError();
      if (isHftoolError(error)) throw error;
      throw new InferenceError(
        `${this.task} failed: ${error instanceof Error ? error.message : String(error)}`,
        {
          hint: "HFTOOL_DEBUG=1 shows where. If the model folder is damaged, download it again with --force.",
          cause: error,
        },
      );
    }
  }

  abstract run(input: string, options?: PipelineRunOptions): Promise<Result>;

  async dispose(): Promise<void> {
    await this.loaded.pipe.dispose();
  }
}
