import { suggestClosest, UsageError } from "@hftool/core";
import type { LoadPipelineParams, PipelineRunOptions } from "../pipeline.js";
import { runGeneration } from "./generation/run-generation.js";
import { resolveGenerationSettings } from "./generation/resolve-generation-settings.js";
import { loadTransformersPipeline } from "./load-transformers-pipeline.js";
import { prepareTextTaskInput } from "./prepare-text-task-input.js";
import { readString } from "./read-params.js";
import { eosIds } from "./support/eos-ids.js";
import { TextPipelineBase } from "./text-pipeline-base.js";
import type { GeneratedTextResult } from "./text-results.js";

/** Parameters of summarization, translation and text-to-text generation, as in core's task registry. */
export interface Text2TextParams {
  /** Source language, for multilingual translation models (`en`, `eng_Latn`). */
  src_lang?: string;
  /** Target language, for multilingual translation models (`fr`, `fra_Latn`). */
  tgt_lang?: string;
  /** Most tokens to generate. @default 256 */
  max_new_tokens?: number;
  /** Fewest tokens to generate (a floor for summaries). */
  min_new_tokens?: number;
  /** Sampling temperature; 0 is greedy. @default the model's generation config, else 0 */
  temperature?: number;
  top_p?: number;
  top_k?: number;
  repetition_penalty?: number;
  /** Seed of the sampling (random and reported when omitted). */
  seed?: number;
}

type Task = "summarization" | "translation" | "text2text-generation";

/** How a translation model is told which languages to use. */
type LanguageScheme =
  /** M2M100, NLLB, mBART: language tokens, `tgt_lang` forced as the first token. */
  | { kind: "tokens"; codes: string[] }
  /** Multi-target Marian (opus-mt-en-ROMANCE): the text starts with `>>fra<<`. */
  | { kind: "marian-prefix"; codes: string[] }
  /** T5: a prompt prefix per pair from `task_specific_params` (`translate English to German: `). */
  | { kind: "t5-prefix"; pairs: { source: string; target: string; prefix: string }[] }
  /** One fixed pair (opus-mt-en-de). */
  | { kind: "fixed" };

function languageScheme(tokenizer: Record<string, unknown>, config: Record<string, unknown>): LanguageScheme {
  if (Array.isArray(tokenizer.language_codes) && "_build_translation_inputs" in tokenizer) {
    return { kind: "tokens", codes: tokenizer.language_codes as string[] };
  }
  const marian = tokenizer.supported_language_codes;
  if (Array.isArray(marian) && marian.length > 0) {
    return { kind: "marian-prefix", codes: (marian as string[]).map((c) => c.slice(2, -2)) };
  }
  const specific = (config.task_specific_params ?? {}) as Record<string, { prefix?: string }>;
  const pairs = Object.entries(specific).flatMap(([key, value]) => {
    const m = /^translation_(\w+)_to_(\w+)$/.exec(key);
    return m && value?.prefix ? [{ source: m[1]!, target: m[2]!, prefix: value.prefix }] : [];
  });
  return pairs.length ? { kind: "t5-prefix", pairs } : { kind: "fixed" };
}

function checkCode(code: string, codes: readonly string[], flag: string): string {
  if (codes.includes(code)) return code;
  const near = suggestClosest({ input: code, candidates: codes });
  throw new UsageError(
    `This model does not know the language '${code}' (--${flag})${near.length ? `; did you mean ${near.map((n) => `'${n}'`).join(" or ")}?` : "."}`,
    {
      hint: `It knows ${codes.length} languages: ${codes.slice(0, 12).join(", ")}${codes.length > 12 ? ", …" : ""}.`,
    },
  );
}

/**
 * Summarization, translation and text-to-text generation with encoder-decoder models (BART,
 * Marian, T5, M2M100, NLLB) through transformers.js, with hftool's sampling, seeds and streaming.
 * Translation takes `src_lang`/`tgt_lang` the way each model family needs them: language tokens
 * (M2M100, NLLB), a `>>fra<<` prefix (multi-target Marian), a prompt prefix (T5), or not at all
 * (a model for one pair, which says so in a notice when they are given).
 */
export class Text2TextPipeline extends TextPipelineBase<GeneratedTextResult> {
  constructor(
    readonly task: Task,
    loaded: ConstructorParameters<typeof TextPipelineBase>[0],
  ) {
    super(loaded);
  }

  async run(input: string, options: PipelineRunOptions = {}): Promise<GeneratedTextResult> {
    const params = options.params ?? {};
    const { text } = prepareTextTaskInput({ task: this.task, text: input, params });
    const settings = resolveGenerationSettings({ params, modelDefaults: this.loaded.generationConfig ?? {} });
    const notices: string[] = [];
    const call: Record<string, unknown> = {};
    let source = text;
    let languages: GeneratedTextResult["languages"];
    const src = readString(params, "src_lang");
    const tgt = readString(params, "tgt_lang");
    if (this.task === "translation") {
      const scheme = languageScheme(this.loaded.pipe.tokenizer, this.loaded.config);
      switch (scheme.kind) {
        case "tokens":
        case "marian-prefix": {
          if (!tgt) {
            throw new UsageError("This model translates between many languages: say which with --tgt_lang.", {
              hint: `Example: hftool -t translate -i "Hello" -m MODEL -- --tgt_lang ${scheme.codes.find((c) => /^fr/.test(c)) ?? scheme.codes[0]}${scheme.kind === "tokens" ? ` --src_lang ${scheme.codes.find((c) => /^en/.test(c)) ?? scheme.codes[0]}` : ""}`,
            });
          }
          const target = checkCode(tgt, scheme.codes, "tgt_lang");
          if (scheme.kind === "tokens") {
            call.tgt_lang = target;
            if (src) call.src_lang = checkCode(src, scheme.codes, "src_lang");
          } else {
            source = `>>${target}<< ${text}`;
            if (src)
              notices.push(`This model reads any of its source languages: --src_lang ${src} is not needed.`);
          }
          languages = { ...(src ? { source: src } : {}), target };
          break;
        }
        case "t5-prefix": {
          const matches = scheme.pairs.filter(
            (p) => (!src || p.source === src) && (!tgt || p.target === tgt),
          );
          if (matches.length !== 1) {
            const all = scheme.pairs.map((p) => `${p.source}→${p.target}`).join(", ");
            throw new UsageError(
              matches.length === 0
                ? `This model does not translate ${src ?? "?"}→${tgt ?? "?"}; it translates ${all}.`
                : `This model translates ${all}: say which with --src_lang and --tgt_lang.`,
              {
                hint: `Example: -- --src_lang ${scheme.pairs[0]!.source} --tgt_lang ${scheme.pairs[0]!.target}`,
              },
            );
          }
          source = `${matches[0]!.prefix}${text}`;
          languages = { source: matches[0]!.source, target: matches[0]!.target };
          break;
        }
        case "fixed":
          if (src || tgt) {
            notices.push(
              "This model translates one fixed language pair, so --src_lang/--tgt_lang do nothing; pick the model for the pair you want (hftool models -t translation).",
            );
          }
          break;
      }
    } else if (src || tgt) {
      notices.push(`--src_lang/--tgt_lang are for translation; ${this.task} ignores them.`);
    }
    const promptTokens = this.countTokens(source);
    const truncated = this.truncationNotice(source);
    if (truncated) notices.push(truncated);
    const outcome = await runGeneration({
      generate: (extra) => this.loaded.pipe(source, { ...call, ...extra }),
      tokenizer: this.tokenizer,
      settings,
      eosTokenIds: eosIds(this.loaded.pipe.model.generation_config, this.loaded.config),
      options,
    });
    return {
      kind: "generated-text",
      task: this.task,
      input: text,
      promptTokens,
      ...outcome,
      ...(languages ? { languages } : {}),
      notices,
    };
  }
}

/** Loads an encoder-decoder model (…ForConditionalGeneration, MarianMT) for one of the three tasks. */
export async function createText2TextPipeline(
  params: LoadPipelineParams & { task: Task },
): Promise<Text2TextPipeline> {
  const { task, ...load } = params;
  const loaded = await loadTransformersPipeline({
    ...load,
    task,
    expected: `an encoder-decoder model (${task === "translation" ? "Marian, M2M100, NLLB, T5" : task === "summarization" ? "BART, T5, Pegasus" : "T5, FLAN-T5"}) with encoder_model.onnx and decoder_model_merged.onnx`,
  });
  return new Text2TextPipeline(task, loaded);
}
