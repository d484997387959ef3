import { readFile, readdir } from "node:fs/promises";
import { basename, extname, isAbsolute, join, resolve } from "node:path";
import { AbortError, InputError, UsageError, type Dtype } from "@hftool/core";
import { InferenceError, ModelFormatError } from "../../errors/errors.js";
import { readModelJson } from "../../model/read-model-json.js";
import type { ResolvedDevice } from "../../runtime/resolve-device.js";
import { loadTransformers } from "../../transformers/load-transformers.js";
import { transformersDevice } from "../../transformers/transformers-device.js";
import { locateModelFiles } from "../locate-model-files.js";
import type { LoadPipelineParams, Pipeline, PipelineRunOptions } from "../pipeline.js";
import type { AudioResult } from "../task-result.js";
import { splitSentences } from "./split-sentences.js";
import { deviceFor } from "../device-for.js";

/** Parameters of speech synthesis (`-- --speaker F1 --speed 1.1`), as in core's task registry. */
export interface SpeechSynthesisParams {
  /** Voice: a name from the model's `voices/` folder, or a `.bin` style-vector file. Models with one voice refuse it. */
  speaker?: string;
  /** Speaking rate multiplier, where the model supports it. @default 1 */
  speed?: number;
  /** Denoising steps, for diffusion voices (Supertonic). */
  steps?: number;
  /** Pause between sentences, in seconds. @default 0.2 */
  sentence_pause_s?: number;
}

type RawAudioLike = { audio: Float32Array; sampling_rate: number };
type TtsCall = ((
  text: string,
  options?: Record<string, unknown>,
) => Promise<RawAudioLike | RawAudioLike[]>) & {
  dispose(): Promise<unknown>;
};

/** Text-to-speech through transformers.js: VITS/MMS voices, and Supertonic with its voice files. */
export class SpeechSynthesisPipeline implements Pipeline<string, AudioResult> {
  readonly task = "text-to-speech";

  constructor(
    private readonly tts: TtsCall,
    readonly modelPath: string,
    readonly device: ResolvedDevice,
    readonly dtype: Dtype,
    readonly notices: readonly string[],
    /** The model's architecture (`vits`, `supertonic`). */
    readonly modelType: string,
    /** Voices in the model's `voices/` folder, by name. */
    readonly voices: readonly string[],
  ) {}

  async run(text: string, options: PipelineRunOptions = {}): Promise<AudioResult> {
    const params = (options.params ?? {}) as SpeechSynthesisParams & Record<string, unknown>;
    const sentences = splitSentences(text);
    if (sentences.length === 0) {
      throw new InputError("There is no text to speak.", {
        code: "INPUT_EMPTY",
        hint: 'Example: hftool -t tts -i "Hello there"',
      });
    }
    const call: Record<string, unknown> = {};
    if (this.modelType === "supertonic") {
      call.speaker_embeddings = await this.voice(params.speaker);
      if (params.speed !== undefined) call.speed = params.speed;
      if (params.steps !== undefined) call.num_inference_steps = params.steps;
    } else {
      if (params.speaker !== undefined) {
        throw new UsageError(`${basename(this.modelPath)} has a single voice: it takes no --speaker.`, {
          hint: "Choose another model for another voice (hftool models -t tts).",
        });
      }
      if (params.speed !== undefined && params.speed !== 1) {
        throw new UsageError(
          `${basename(this.modelPath)} (${this.modelType}) speaks at a fixed rate: it takes no --speed.`,
          {
            hint: "Drop --speed, or use a model that supports it (Supertonic).",
          },
        );
      }
    }
    const pause = typeof params.sentence_pause_s === "number" ? Math.max(0, params.sentence_pause_s) : 0.2;
    const pieces: Float32Array[] = [];
    let sampleRate = 0;
    for (const [index, sentence] of sentences.entries()) {
      if (options.signal?.aborted) throw new AbortError();
      options.onProgress?.({ stage: "synthesizing", done: index, total: sentences.length, unit: "steps" });
      let output: RawAudioLike | RawAudioLike[];
      try {
        output = await this.tts(sentence, call);
      } catch (error) {
        throw new InferenceError(
          `Speech synthesis failed: ${error instanceof Error ? error.message : String(error)}`,
          {
            hint: "HFTOOL_DEBUG=1 shows where. If the model folder is damaged, download it again with --force.",
            cause: error,
          },
        );
      }
      const audio = Array.isArray(output) ? output[0]! : output;
      sampleRate = audio.sampling_rate;
      if (pieces.length > 0 && pause > 0) pieces.push(new Float32Array(Math.round(pause * sampleRate)));
      pieces.push(audio.audio);
    }
    options.onProgress?.({
      stage: "synthesizing",
      done: sentences.length,
      total: sentences.length,
      unit: "steps",
    });
    const samples = new Float32Array(pieces.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const piece of pieces) {
      samples.set(piece, at);
      at += piece.length;
    }
    return {
      kind: "audio",
      samples,
      sampleRate,
      duration: Math.round((samples.length / sampleRate) * 1000) / 1000,
    };
  }

  /** A voice's style vector: a name from `voices/`, or a path to a `.bin` file of float32 values. */
  private async voice(speaker: string | undefined): Promise<Float32Array> {
    let file: string;
    if (speaker === undefined) {
      if (this.voices.length === 0) {
        throw new ModelFormatError(
          this.modelPath,
          `${this.modelPath} needs a voice file and has no voices/ folder.`,
          {
            code: "MODEL_VOICES_MISSING",
            hint: "Pass one with -- --speaker /path/to/voice.bin",
          },
        );
      }
      file = join(this.modelPath, "voices", `${this.voices[0]}.bin`);
    } else if (this.voices.includes(speaker)) {
      file = join(this.modelPath, "voices", `${speaker}.bin`);
    } else if (extname(speaker) === ".bin" || isAbsolute(speaker)) {
      file = resolve(speaker);
    } else {
      throw new UsageError(`Unknown voice '${speaker}'.`, {
        hint: this.voices.length
          ? `This model's voices: ${this.voices.join(", ")}.`
          : "Pass a .bin voice file.",
      });
    }
    const bytes = await readFile(file).catch(() => {
      throw new InputError(`Cannot read the voice file ${file}.`, { code: "INPUT_NOT_FOUND" });
    });
    return new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.length - (bytes.length % 4))),
    );
  }

  async dispose(): Promise<void> {
    await this.tts.dispose();
  }
}

/**
 * Loads a text-to-speech model from a folder laid out like its Hub repo (VITS/MMS `onnx/model`,
 * or Supertonic with `voices/`) through transformers.js with local files only. Long text is spoken
 * sentence by sentence and joined with short pauses.
 *
 * @throws {ModelFormatError} for missing files, or SpeechT5 (it needs a separate vocoder model).
 */
export async function createSpeechSynthesisPipeline(
  params: LoadPipelineParams,
): Promise<SpeechSynthesisPipeline> {
  const device = await deviceFor(params);
  const { dir, selection } = await locateModelFiles({
    model: params.model,
    task: "text-to-speech",
    ...(params.dtype !== undefined ? { dtype: params.dtype } : {}),
    ...(params.defaultDtype !== undefined ? { defaultDtype: params.defaultDtype } : {}),
  });
  const config = (await readModelJson(dir, "config.json")) ?? {};
  const modelType = String(config.model_type ?? "unknown");
  if (modelType === "speecht5") {
    throw new ModelFormatError(
      dir,
      "SpeechT5 needs a separate vocoder model, which hftool does not load yet.",
      {
        code: "MODEL_NOT_SUPPORTED",
        hint: "Use a VITS voice such as Xenova/mms-tts-eng (hftool models -t tts).",
      },
    );
  }
  const voices = await readdir(join(dir, "voices"))
    .then((names) =>
      names
        .filter((n) => n.endsWith(".bin"))
        .map((n) => n.slice(0, -4))
        .sort(),
    )
    .catch(() => [] as string[]);
  const transformers = await loadTransformers();
  if (params.signal?.aborted) throw new AbortError();
  let tts: TtsCall;
  try {
    tts = (await transformers.pipeline("text-to-speech", dir, {
      device: transformersDevice(device),
      dtype: selection.dtype,
      local_files_only: true,
      subfolder: selection.onnxFolder,
      session_options: { executionProviders: device.executionProviders },
    } as never)) as unknown as TtsCall;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelFormatError(dir, `Cannot load ${dir} for text-to-speech: ${message}`, {
      code: "MODEL_LOAD_FAILED",
      hint: "Check that it is a text-to-speech model (VITS/MMS, Supertonic) with its tokenizer files.",
      cause: error,
    });
  }
  const notices: string[] = [];
  if (selection.fallbackNotice && selection.requestedDtype !== "auto") notices.push(selection.fallbackNotice);
  return new SpeechSynthesisPipeline(tts, dir, device, selection.dtype, notices, modelType, voices);
}
