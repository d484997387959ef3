import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError, UsageError } from "@hftool/core";
import { ModelFormatError } from "../../errors/errors.js";
import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { resolveGenerationSettings } from "./generation/resolve-generation-settings.js";
import { runGeneration } from "./generation/run-generation.js";
import { loadTransformersPipeline, type LoadedTransformersPipeline } from "./load-transformers-pipeline.js";
import { prepareTextTaskInput, type ChatMessage } from "./prepare-text-task-input.js";
import { readBoolean, readString } from "./read-params.js";
import { eosIds } from "./support/eos-ids.js";
import { TextPipelineBase } from "./text-pipeline-base.js";
import type { GeneratedTextResult } from "./text-results.js";

/** Parameters of text generation, as in core's task registry. */
export interface TextGenerationParams {
  /** System prompt (needs the chat template). */
  system?: string;
  /** Stop generating at any of these strings (not included in the text); `\n` is a newline. */
  stop?: string | string[];
  /** Wrap the prompt in the model's chat template. @default true when the model has one */
  chat?: boolean;
  /** Most tokens to generate. @default 256 */
  max_new_tokens?: number;
  /** Sampling temperature; 0 is greedy. @default the model's generation config, else 0 */
  temperature?: number;
  /** Nucleus sampling mass. @default the model's generation config, else 1 */
  top_p?: number;
  /** Sample from the k most likely tokens; 0 for all. @default the model's generation config, else 50 */
  top_k?: number;
  repetition_penalty?: number;
  /** Seed of the sampling (random and reported when omitted). */
  seed?: number;
}

type TensorLike = { dims: number[] };

/**
 * Text generation with a decoder-only language model (Qwen, Llama, SmolLM, Phi, GPT-2, …)
 * through transformers.js: the model's chat template (from tokenizer_config.json or
 * chat_template.jinja) with an optional system prompt, or the prompt as is; tokens streamed as
 * they come; hftool's seeded sampling (temperature, top-k, top-p) and stop strings.
 */
export class TextGenerationPipeline extends TextPipelineBase<GeneratedTextResult> {
  readonly task = "text-generation";

  constructor(
    loaded: LoadedTransformersPipeline,
    /** The chat template, when the model has one. */
    readonly chatTemplate: string | undefined,
  ) {
    super(loaded);
  }

  async run(input: string, options: PipelineRunOptions = {}): Promise<GeneratedTextResult> {
    const params = options.params ?? {};
    const prepared = prepareTextTaskInput({ task: this.task, text: input, params });
    const system = readString(params, "system");
    const chat =
      prepared.messages !== undefined || (readBoolean(params, "chat") ?? this.chatTemplate !== undefined);
    const notices: string[] = [];
    if (chat && this.chatTemplate === undefined) {
      throw new UsageError(
        prepared.messages
          ? "The input is a chat, but this model has no chat template to format it with."
          : "This model has no chat template, so it cannot take the prompt as a chat.",
        { hint: "Send the prompt as is (drop --chat), or use a chat model (hftool models -t llm)." },
      );
    }
    if (!chat && system !== undefined) {
      throw new UsageError(
        this.chatTemplate === undefined
          ? "This model has no chat template, so it takes no --system prompt."
          : "--system needs the chat template, and --no-chat sends the prompt as is.",
        {
          hint:
            this.chatTemplate === undefined
              ? "Write the instructions into the prompt, or use a chat model (hftool models -t llm)."
              : "Drop --no-chat, or write the instructions into the prompt.",
        },
      );
    }
    let prompt = prepared.text;
    let messages: ChatMessage[] | undefined;
    if (chat) {
      const given: ChatMessage[] = prepared.messages ?? [{ role: "user", content: prepared.text }];
      messages =
        system !== undefined
          ? [{ role: "system", content: system }, ...given.filter((m) => m.role !== "system")]
          : given;
      prompt = this.applyChatTemplate(messages, notices);
    }
    const tokenizer = this.tokenizer;
    const encode = (text: string) =>
      tokenizer(text, {
        // chat templates write their own special tokens
        add_special_tokens: chat ? false : Boolean(tokenizer.add_bos_token || tokenizer.add_eos_token),
      });
    let inputs = encode(prompt);
    let promptTokens = (inputs.input_ids as TensorLike).dims.at(-1)!;
    const settings = resolveGenerationSettings({ params, modelDefaults: this.loaded.generationConfig ?? {} });
    const limit = this.maxTokens;
    let droppedMessages = 0;
    if (messages && promptTokens + settings.maxNewTokens > limit) {
      // room for the reply, but a long reply may not take more than half the model's reach from the chat
      const budget = Math.max(limit - settings.maxNewTokens, Math.floor(limit / 2));
      const fitted = this.fitChat(messages, budget, encode);
      if (fitted) {
        ({ prompt, inputs, promptTokens, dropped: droppedMessages } = fitted);
        notices.push(
          `The chat is longer than the model reads (${limit} tokens, room for the reply included): its ${droppedMessages} oldest message${droppedMessages === 1 ? " was" : "s were"} left out.`,
        );
      }
    }
    if (promptTokens >= limit) {
      throw new InputError(`The prompt has ${promptTokens} tokens, but the model reads at most ${limit}.`, {
        code: "INPUT_TOO_LONG",
        hint: "Shorten the prompt.",
      });
    }
    if (promptTokens + settings.maxNewTokens > limit) {
      notices.push(
        `The model reads at most ${limit} tokens: with the prompt's ${promptTokens}, it can write ${limit - promptTokens} (not ${settings.maxNewTokens}).`,
      );
      settings.maxNewTokens = limit - promptTokens;
    }
    const outcome = await runGeneration({
      generate: (extra) => this.loaded.pipe.model.generate({ ...inputs, ...extra }),
      tokenizer,
      settings,
      eosTokenIds: eosIds(this.loaded.pipe.model.generation_config, this.loaded.config),
      options,
    });
    return {
      kind: "generated-text",
      task: this.task,
      input: prepared.text,
      prompt,
      promptTokens,
      ...outcome,
      ...(droppedMessages > 0 ? { droppedMessages } : {}),
      notices,
    };
  }

  /**
   * Leaves out the oldest messages of a chat, as chat apps do, until its prompt has at most
   * `budget` tokens: the system prompt and the last message stay, and the chat still starts with
   * a user message (templates insist on user and assistant taking turns). Returns the shortest
   * chat tried when none fits (the caller reports what still does not fit), and `undefined` when
   * there is nothing to leave out.
   */
  private fitChat<T extends Record<string, unknown>>(
    messages: readonly ChatMessage[],
    budget: number,
    encode: (text: string) => T,
  ): { prompt: string; inputs: T; promptTokens: number; dropped: number } | undefined {
    const system = messages.filter((m) => m.role === "system");
    const turns = messages.filter((m) => m.role !== "system");
    let dropped = 0;
    let fitted: { prompt: string; inputs: T; promptTokens: number } | undefined;
    while (turns.length > 1) {
      turns.shift();
      dropped++;
      while (turns.length > 1 && turns[0]!.role !== "user") {
        turns.shift();
        dropped++;
      }
      const prompt = this.applyChatTemplate([...system, ...turns], []);
      const inputs = encode(prompt);
      fitted = { prompt, inputs, promptTokens: (inputs.input_ids as TensorLike).dims.at(-1)! };
      if (fitted.promptTokens <= budget) break;
    }
    return fitted && { ...fitted, dropped };
  }

  /**
   * Formats a chat with the model's template. Some templates refuse a system message (Gemma):
   * then the system prompt goes before the first user message, with a notice.
   */
  private applyChatTemplate(messages: ChatMessage[], notices: string[]): string {
    const apply = (list: ChatMessage[]) =>
      this.tokenizer.apply_chat_template(list, {
        tokenize: false,
        add_generation_prompt: true,
        ...(this.chatTemplate !== undefined ? { chat_template: this.chatTemplate } : {}),
      });
    try {
      return apply(messages);
    } catch (error) {
      const system = messages.find((m) => m.role === "system");
      const firstUser = messages.findIndex((m) => m.role === "user");
      if (system && firstUser >= 0) {
        try {
          const merged = messages
            .filter((m) => m !== system)
            .map((m) =>
              m === messages[firstUser] ? { ...m, content: `${system.content}\n\n${m.content}` } : m,
            );
          const prompt = apply(merged);
          notices.push("This model's chat template takes no system prompt: it was put before your message.");
          return prompt;
        } catch {
          // the template fails for another reason: report the first error
        }
      }
      throw new ModelFormatError(
        this.loaded.dir,
        `The model's chat template failed: ${error instanceof Error ? error.message : String(error)}`,
        {
          code: "CHAT_TEMPLATE_FAILED",
          hint: "Send the prompt as is with -- --no-chat, or check the order of the messages (user and assistant take turns).",
          cause: error,
        },
      );
    }
  }
}

/**
 * Loads a causal language model (…ForCausalLM, `onnx/model*.onnx` or `decoder_model_merged*.onnx`)
 * from a model folder, with its chat template.
 */
export async function createTextGenerationPipeline(
  params: LoadPipelineParams,
): Promise<TextGenerationPipeline> {
  const loaded = await loadTransformersPipeline({
    ...params,
    task: "text-generation",
    expected: "a causal language model (…ForCausalLM, e.g. Qwen2.5 or SmolLM2 Instruct)",
  });
  const fromTokenizer = loaded.pipe.tokenizer.chat_template;
  let template: string | undefined;
  if (typeof fromTokenizer === "string") template = fromTokenizer;
  else if (fromTokenizer && typeof fromTokenizer === "object") {
    const named = fromTokenizer as Record<string, string>;
    template = named.default ?? Object.values(named)[0];
  }
  // newer repos keep the template in its own file, which transformers.js 4 does not read
  template ??= await readFile(join(loaded.dir, "chat_template.jinja"), "utf8").catch(() => undefined);
  return new TextGenerationPipeline(loaded, template);
}
