import { AbortError, UsageError, type Dtype } from "@hftool/core";
import { InferenceError, ModelFormatError } from "../../errors/errors.js";
import { readModelJson } from "../../model/read-model-json.js";
import type { ResolvedDevice } from "../../runtime/resolve-device.js";
import type { Cue } from "../../subtitles/cue.js";
import { groupWordsIntoCues } from "../../subtitles/group-words-into-cues.js";
import { loadTransformers, type Transformers } from "../../transformers/load-transformers.js";
import { transformersDevice } from "../../transformers/transformers-device.js";
import { locateModelFiles } from "../locate-model-files.js";
import type { LoadPipelineParams, Pipeline, PipelineRunOptions } from "../pipeline.js";
import { prepareAudio, type AudioInput } from "../prepare-audio.js";
import type { TranscriptionResult } from "../task-result.js";
import type { VoiceActivityPipeline } from "../vad/voice-activity-pipeline.js";
import { planAudioChunks, type AudioChunk } from "./plan-audio-chunks.js";
import { deviceFor } from "../device-for.js";

/** Parameters of a transcription (`-- --language de --timestamps word`), as in core's task registry. */
export interface SpeechRecognitionParams {
  /** Spoken language, as a name or code (`german`, `de`). Detected when omitted (multilingual Whisper). */
  language?: string;
  /** Translate into English instead of transcribing. @default false */
  translate?: boolean;
  /** `segment`, `word` or `none`. @default "segment" */
  timestamps?: "segment" | "word" | "none" | boolean;
  /** Longest piece transcribed at once, in seconds; longer audio is cut at pauses. @default 30 */
  chunk_length_s?: number;
  /** Use transformers.js's overlapping windows (this much overlap, in seconds) instead of cutting at pauses. */
  stride_length_s?: number;
  /** Find speech first (Silero VAD): skip silence and cut at pauses. Needs `vad` at load time. @default false */
  vad?: boolean;
}

/** Parameters of {@link createSpeechRecognitionPipeline}. */
export interface CreateSpeechRecognitionPipelineParams extends LoadPipelineParams {
  /** Voice activity pipeline for `vad: true` runs. */
  vad?: VoiceActivityPipeline;
}

const SAMPLE_RATE = 16000;

type AsrOutput = { text: string; chunks?: { text: string; timestamp: [number | null, number | null] }[] };
type AsrCall = ((audio: Float32Array, options: Record<string, unknown>) => Promise<AsrOutput>) & {
  model: { generate(options: Record<string, unknown>): Promise<unknown>; dispose(): Promise<unknown> };
  processor: (audio: Float32Array) => Promise<{ input_features: unknown }>;
  dispose(): Promise<unknown>;
};

function timestampsMode(value: unknown): "segment" | "word" | "none" {
  if (value === undefined || value === true || value === "segment" || value === "segments") return "segment";
  if (value === false || value === "none") return "none";
  if (value === "word" || value === "words") return "word";
  throw new UsageError(`--timestamps must be segment, word or none, not ${JSON.stringify(value)}.`, {
    hint: "Example: hftool -t asr -i talk.wav -o talk.srt -- --timestamps word",
  });
}

function positive(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0)) {
    throw new UsageError(`--${name} must be a positive number of seconds, not ${JSON.stringify(value)}.`);
  }
  return value;
}

const round = (t: number) => Math.round(t * 1000) / 1000;

/** Speech-to-text with Whisper (and CTC models such as wav2vec2) through transformers.js. */
export class SpeechRecognitionPipeline implements Pipeline<AudioInput, TranscriptionResult> {
  readonly task = "automatic-speech-recognition";

  constructor(
    private readonly asr: AsrCall,
    private readonly transformers: Transformers,
    readonly modelPath: string,
    readonly device: ResolvedDevice,
    readonly dtype: Dtype,
    readonly notices: readonly string[],
    private readonly info: {
      modelType: string;
      multilingual: boolean;
      languageTokens: Record<string, number>;
      startToken?: number;
      vad?: VoiceActivityPipeline;
    },
  ) {}

  /** Whether the model is Whisper (language, translation and timestamps work only there). */
  get isWhisper(): boolean {
    return this.info.modelType === "whisper" || this.info.modelType === "lite-whisper";
  }

  async run(input: AudioInput, options: PipelineRunOptions = {}): Promise<TranscriptionResult> {
    const params = (options.params ?? {}) as SpeechRecognitionParams & Record<string, unknown>;
    const timestamps = timestampsMode(params.timestamps);
    const translate = params.translate === true;
    const maxSeconds = positive(params.chunk_length_s, "chunk_length_s", 30);
    let language =
      typeof params.language === "string" && params.language.trim() ? params.language.trim() : undefined;
    if (!this.isWhisper && (language || translate || timestamps === "word")) {
      throw new UsageError(
        `${this.modelPath} is a ${this.info.modelType} model: --language, --translate and word timestamps need Whisper.`,
        { hint: "Use a Whisper model (hftool models -t asr), or drop those options." },
      );
    }
    if (this.isWhisper && !this.info.multilingual) {
      if (translate) {
        throw new UsageError(`${this.modelPath} is an English-only Whisper: it cannot translate.`, {
          hint: "Use a multilingual Whisper (e.g. -m whisper-base) for --translate.",
        });
      }
      if (language && !/^(en|english)$/i.test(language)) {
        throw new UsageError(
          `${this.modelPath} is an English-only Whisper and cannot transcribe '${language}'.`,
          {
            hint: "Use a multilingual Whisper (e.g. -m whisper-base).",
          },
        );
      }
      language = undefined;
    }

    const audio = await prepareAudio(input, SAMPLE_RATE, options.signal);
    let speech;
    if (params.vad === true) {
      if (!this.info.vad) {
        throw new UsageError(
          "--vad needs a voice activity model loaded with the speech recognition pipeline.",
          {
            hint: "Load it with createSpeechRecognitionPipeline({ vad: await createVoiceActivityPipeline(…) }).",
          },
        );
      }
      speech = (await this.info.vad.run(audio, { ...(options.signal ? { signal: options.signal } : {}) }))
        .segments;
    }
    if (this.isWhisper && this.info.multilingual && !language) {
      language = await this.detectLanguage(audio.samples, speech?.[0]?.start ?? 0);
    }

    const call: Record<string, unknown> = {};
    if (this.isWhisper) {
      if (timestamps !== "none") call.return_timestamps = timestamps === "word" ? "word" : true;
      if (this.info.multilingual) {
        call.language = language;
        call.task = translate ? "translate" : "transcribe";
      }
    }

    const segments: Cue[] = [];
    const words: Cue[] = [];
    const texts: string[] = [];
    const run = async (
      samples: Float32Array,
      offset: number,
      length: number,
      extra: Record<string, unknown> = {},
    ) => {
      let output: AsrOutput;
      try {
        output = await this.asr(samples, { ...call, ...extra });
      } catch (error) {
        throw translateError(error, this.modelPath);
      }
      const text = output.text.trim();
      if (text) texts.push(text);
      if (timestamps === "none" || !output.chunks) {
        if (text && timestamps !== "none")
          segments.push({ start: round(offset), end: round(offset + length), text });
        return;
      }
      for (const chunk of output.chunks) {
        // Whisper sees each piece padded to 30 s and may place times past its end: keep them inside
        const start = offset + Math.min(chunk.timestamp[0] ?? 0, length);
        const end = offset + Math.min(chunk.timestamp[1] ?? length, length);
        const cue = { start: round(start), end: round(Math.max(start, end)), text: chunk.text };
        if (timestamps === "word") words.push(cue);
        else segments.push({ ...cue, text: chunk.text.trim() });
      }
    };

    if (params.stride_length_s !== undefined && speech === undefined) {
      // transformers.js's own long-form mode: overlapping windows merged by token alignment
      const stride = positive(params.stride_length_s, "stride_length_s", 5);
      options.onProgress?.({ stage: "transcribing", done: 0, total: audio.duration, unit: "seconds" });
      await run(audio.samples, 0, audio.duration, { chunk_length_s: maxSeconds, stride_length_s: stride });
    } else {
      const chunks: AudioChunk[] = planAudioChunks({
        samples: audio.samples,
        sampleRate: SAMPLE_RATE,
        maxSeconds,
        ...(speech ? { speech } : {}),
      });
      for (const chunk of chunks) {
        if (options.signal?.aborted) throw new AbortError();
        options.onProgress?.({
          stage: "transcribing",
          done: chunk.start,
          total: audio.duration,
          unit: "seconds",
        });
        const slice = audio.samples.subarray(
          Math.round(chunk.start * SAMPLE_RATE),
          Math.round(chunk.end * SAMPLE_RATE),
        );
        await run(slice, chunk.start, chunk.end - chunk.start);
      }
    }
    options.onProgress?.({
      stage: "transcribing",
      done: audio.duration,
      total: audio.duration,
      unit: "seconds",
    });

    return {
      kind: "transcript",
      text: texts.join(" ").replace(/\s+/g, " ").trim(),
      segments: timestamps === "word" ? groupWordsIntoCues({ words }) : segments,
      ...(timestamps === "word" ? { words: words.map((w) => ({ ...w, text: w.text.trim() })) } : {}),
      ...(this.isWhisper && language ? { language } : {}),
      ...(this.isWhisper ? { task: translate ? ("translate" as const) : ("transcribe" as const) } : {}),
      duration: round(audio.duration),
    };
  }

  /**
   * Whisper's language identification (transformers.js does not do it): the decoder's first token
   * after `<|startoftranscript|>`, restricted to language tokens, on 30 s of audio.
   */
  private async detectLanguage(samples: Float32Array, from: number): Promise<string> {
    const start = Math.round(from * SAMPLE_RATE);
    const piece = samples.subarray(start, start + 30 * SAMPLE_RATE);
    const allowed = new Set(Object.values(this.info.languageTokens));
    const { LogitsProcessor, LogitsProcessorList } = this.transformers;
    type Logits = Parameters<InstanceType<typeof LogitsProcessor>["_call"]>[1];
    class OnlyLanguageTokens extends LogitsProcessor {
      override _call(inputIds: bigint[][], logits: Logits) {
        const rows = logits as unknown as { [i: number]: { data: Float32Array } };
        for (let i = 0; i < inputIds.length; i++) {
          const row = rows[i]!.data;
          for (let t = 0; t < row.length; t++) if (!allowed.has(t)) row[t] = -Infinity;
        }
        return logits as never;
      }
    }
    const processors = new LogitsProcessorList();
    processors.push(new OnlyLanguageTokens());
    try {
      const { input_features } = await this.asr.processor(piece);
      const output = (await this.asr.model.generate({
        inputs: input_features,
        decoder_input_ids: [this.info.startToken],
        max_new_tokens: 1,
        logits_processor: processors,
      })) as { tolist(): bigint[][] };
      const token = Number(output.tolist()[0]!.at(-1));
      const found = Object.entries(this.info.languageTokens).find(([, id]) => id === token)?.[0];
      return found ? found.replace(/^<\|(.*)\|>$/, "$1") : "en";
    } catch (error) {
      throw translateError(error, this.modelPath);
    }
  }

  async dispose(): Promise<void> {
    await this.asr.dispose();
  }
}

function translateError(error: unknown, model: string): Error {
  if (error instanceof AbortError || error instanceof UsageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/cross attentions|alignment_heads/i.test(message)) {
    return new ModelFormatError(
      model,
      `${model} cannot give word timestamps: it was exported without cross-attention outputs.`,
      {
        code: "NO_WORD_TIMESTAMPS",
        hint: "Use its '_timestamped' version (e.g. onnx-community/whisper-base_timestamped), or --timestamps segment.",
        cause: error,
      },
    );
  }
  if (/language .* is not supported|unsupported language/i.test(message)) {
    return new UsageError(message, {
      hint: "Pass a language name or code Whisper knows, e.g. --language german or --language de.",
    });
  }
  return new InferenceError(`Transcription failed: ${message}`, {
    hint: "HFTOOL_DEBUG=1 shows where. If the model folder is damaged, download it again with --force.",
    cause: error,
  });
}

/**
 * Loads a speech recognition model from a folder laid out like its Hub repo: Whisper
 * (`onnx/encoder_model` + `onnx/decoder_model_merged`) or a CTC model (`onnx/model`), through
 * transformers.js with local files only. Audio is decoded and resampled here (transformers.js
 * cannot decode audio in Node); long recordings are cut at pauses (or, with `vad`, at the gaps
 * between speech) into pieces of at most 30 s; Whisper's language is detected when not given.
 *
 * @throws {ModelFormatError} when the folder lacks the files or config the model needs.
 */
export async function createSpeechRecognitionPipeline(
  params: CreateSpeechRecognitionPipelineParams,
): Promise<SpeechRecognitionPipeline> {
  const device = await deviceFor(params);
  const { dir, selection } = await locateModelFiles({
    model: params.model,
    task: "automatic-speech-recognition",
    ...(params.dtype !== undefined ? { dtype: params.dtype } : {}),
    ...(params.defaultDtype !== undefined ? { defaultDtype: params.defaultDtype } : {}),
  });
  const config = (await readModelJson(dir, "config.json")) ?? {};
  const generation = (await readModelJson(dir, "generation_config.json")) ?? {};
  const modelType = String(config.model_type ?? "unknown");
  const transformers = await loadTransformers();
  if (params.signal?.aborted) throw new AbortError();
  let asr: AsrCall;
  try {
    asr = (await transformers.pipeline("automatic-speech-recognition", dir, {
      device: transformersDevice(device),
      dtype: selection.dtype,
      local_files_only: true,
      subfolder: selection.onnxFolder,
      session_options: { executionProviders: device.executionProviders },
    } as never)) as unknown as AsrCall;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelFormatError(dir, `Cannot load ${dir} for speech recognition: ${message}`, {
      code: "MODEL_LOAD_FAILED",
      hint: "Check that it is a speech recognition model (Whisper, wav2vec2) with its tokenizer and preprocessor files.",
      cause: error,
    });
  }
  const notices: string[] = [];
  if (selection.fallbackNotice && selection.requestedDtype !== "auto") notices.push(selection.fallbackNotice);
  return new SpeechRecognitionPipeline(asr, transformers, dir, device, selection.dtype, notices, {
    modelType,
    multilingual: generation.is_multilingual === true,
    languageTokens: (generation.lang_to_id as Record<string, number> | undefined) ?? {},
    ...(typeof generation.decoder_start_token_id === "number"
      ? { startToken: generation.decoder_start_token_id }
      : {}),
    ...(params.vad ? { vad: params.vad } : {}),
  });
}
