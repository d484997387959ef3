import { AbortError, UsageError, type Dtype } from "@hftool/core";
import type { InferenceSession } from "onnxruntime-node";
import { extname, join } from "node:path";
import { ModelFormatError } from "../../errors/errors.js";
import { createSession } from "../../runtime/create-session.js";
import { loadOnnxRuntime } from "../../runtime/load-onnxruntime.js";
import type { ResolvedDevice } from "../../runtime/resolve-device.js";
import { locateModelFiles } from "../locate-model-files.js";
import type { LoadPipelineParams, Pipeline, PipelineRunOptions } from "../pipeline.js";
import { prepareAudio, type AudioInput } from "../prepare-audio.js";
import type { SpeechSegmentsResult } from "../task-result.js";
import { speechSegmentsFromProbabilities } from "./speech-segments-from-probabilities.js";
import { deviceFor } from "../device-for.js";

/** Parameters of a voice activity run (`-- --threshold 0.6`), as in core's task registry. */
export interface VoiceActivityParams {
  /** @default 0.5 */
  threshold?: number;
  /** @default 250 */
  min_speech_ms?: number;
  /** @default 100 */
  min_silence_ms?: number;
  /** @default 30 */
  speech_pad_ms?: number;
  /** Split longer speech, in seconds. @default Infinity */
  max_speech_s?: number;
  /** Also return each window's speech probability. @default false */
  return_probabilities?: boolean;
}

/** Parameters of {@link createVoiceActivityPipeline}. */
export interface CreateVoiceActivityPipelineParams extends LoadPipelineParams {
  /**
   * Silero VAD v5 as an `.onnx` file, or a folder laid out like `onnx-community/silero-vad`
   * (`onnx/model.onnx`).
   */
  model: string;
  /** Runs on the CPU unless a device is named: the model is tiny and steps 32 ms at a time, so a GPU only adds transfers. @default "cpu" */
  device?: string | ResolvedDevice;
  /** onnxruntime session options (threads, …). @default one thread, all graph optimisations */
  sessionOptions?: InferenceSession.SessionOptions;
}

const SAMPLE_RATE = 16000;
const WINDOW = 512;
const CONTEXT = 64;
const STATE_SIZE = 2 * 1 * 128;

function numberParam(params: Readonly<Record<string, unknown>>, name: string, fallback: number): number {
  const value = params[name];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`--${name} must be a non-negative number, not ${JSON.stringify(value)}.`, {
      hint: "Example: hftool -t vad -i talk.wav -- --threshold 0.6 --min_silence_ms 300",
    });
  }
  return value;
}

/** Silero VAD on onnxruntime-node: finds where people speak. */
export class VoiceActivityPipeline implements Pipeline<AudioInput, SpeechSegmentsResult> {
  readonly task = "voice-activity-detection";
  readonly #session: InferenceSession;
  readonly #hasSampleRateInput: boolean;

  constructor(
    session: InferenceSession,
    readonly modelPath: string,
    readonly device: ResolvedDevice,
    readonly dtype: Dtype,
    readonly notices: readonly string[],
  ) {
    const inputs = session.inputNames;
    if (!inputs.includes("input") || !inputs.includes("state") || !session.outputNames.includes("output")) {
      throw new ModelFormatError(
        modelPath,
        `${modelPath} is not a Silero VAD v5 model (it takes ${inputs.join(", ")}; expected input, state and sr).`,
        {
          code: "MODEL_INTERFACE",
          hint: "Use onnx-community/silero-vad (the default voice-activity model).",
        },
      );
    }
    this.#session = session;
    this.#hasSampleRateInput = inputs.includes("sr");
  }

  /** Speech probability of every 32 ms window of 16 kHz mono audio. */
  async probabilities(
    samples: Float32Array,
    options: Pick<PipelineRunOptions, "signal" | "onProgress"> = {},
  ): Promise<Float32Array> {
    const ort = await loadOnnxRuntime();
    const windows = Math.ceil(samples.length / WINDOW);
    const result = new Float32Array(windows);
    const frame = new Float32Array(CONTEXT + WINDOW);
    const state = new Float32Array(STATE_SIZE);
    const input = new ort.Tensor("float32", frame, [1, CONTEXT + WINDOW]);
    const stateTensor = new ort.Tensor("float32", state, [2, 1, 128]);
    const sr = new ort.Tensor("int64", BigInt64Array.of(BigInt(SAMPLE_RATE)), []);
    const feeds: Record<string, InstanceType<typeof ort.Tensor>> = { input, state: stateTensor };
    if (this.#hasSampleRateInput) feeds.sr = sr;
    const stateOutput = this.#session.outputNames.find((n) => n !== "output")!;
    for (let w = 0; w < windows; w++) {
      if (w % 256 === 0) {
        if (options.signal?.aborted) throw new AbortError();
        options.onProgress?.({
          stage: "detecting speech",
          done: (w * WINDOW) / SAMPLE_RATE,
          total: samples.length / SAMPLE_RATE,
          unit: "seconds",
        });
      }
      // the model sees the last 64 samples of the previous window before each new one
      frame.copyWithin(0, WINDOW, WINDOW + CONTEXT);
      const chunk = samples.subarray(w * WINDOW, (w + 1) * WINDOW);
      frame.set(chunk, CONTEXT);
      if (chunk.length < WINDOW) frame.fill(0, CONTEXT + chunk.length);
      const outputs = await this.#session.run(feeds);
      result[w] = (outputs.output!.data as Float32Array)[0]!;
      state.set(outputs[stateOutput]!.data as Float32Array);
    }
    return result;
  }

  async run(input: AudioInput, options: PipelineRunOptions = {}): Promise<SpeechSegmentsResult> {
    const params = (options.params ?? {}) as Readonly<Record<string, unknown>>;
    const rules = {
      threshold: numberParam(params, "threshold", 0.5),
      minSpeechMs: numberParam(params, "min_speech_ms", 250),
      minSilenceMs: numberParam(params, "min_silence_ms", 100),
      speechPadMs: numberParam(params, "speech_pad_ms", 30),
      maxSpeechSeconds: numberParam(params, "max_speech_s", Infinity),
    };
    const audio = await prepareAudio(input, SAMPLE_RATE, options.signal);
    const probabilities = await this.probabilities(audio.samples, options);
    const segments = speechSegmentsFromProbabilities({
      probabilities,
      windowSamples: WINDOW,
      sampleRate: SAMPLE_RATE,
      totalSamples: audio.samples.length,
      ...rules,
    });
    const speech = segments.reduce((total, s) => total + (s.end - s.start), 0);
    return {
      kind: "speech-segments",
      segments,
      duration: Math.round(audio.duration * 1000) / 1000,
      speechDuration: Math.round(speech * 1000) / 1000,
      windowDuration: WINDOW / SAMPLE_RATE,
      ...(params.return_probabilities === true ? { probabilities } : {}),
    };
  }

  async dispose(): Promise<void> {
    await this.#session.release();
  }
}

/**
 * Loads Silero VAD (v5: `input`, `state`, `sr` → `output`, `stateN`) on onnxruntime-node. It runs
 * the model over 32 ms windows of 16 kHz audio (512 samples plus 64 of context, carrying its
 * recurrent state) and turns the probabilities into speech segments with Silero's own rules.
 *
 * @throws {ModelFormatError} when the model is missing or not a Silero VAD v5 model.
 */
export async function createVoiceActivityPipeline(
  params: CreateVoiceActivityPipelineParams,
): Promise<VoiceActivityPipeline> {
  const device = await deviceFor(params, "cpu");
  let path: string;
  let dtype: Dtype = "fp32";
  const notices: string[] = [];
  if (extname(params.model).toLowerCase() === ".onnx") {
    path = params.model;
  } else {
    const { dir, selection } = await locateModelFiles({
      model: params.model,
      task: "voice-activity-detection",
      ...(params.dtype !== undefined ? { dtype: params.dtype } : {}),
      ...(params.defaultDtype !== undefined ? { defaultDtype: params.defaultDtype } : {}),
    });
    path = join(dir, selection.onnxFiles[0]!);
    dtype = selection.dtype;
    if (selection.fallbackNotice && selection.requestedDtype !== "auto")
      notices.push(selection.fallbackNotice);
  }
  const session = await createSession({
    path,
    device,
    options: params.sessionOptions ?? {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
    },
  });
  try {
    return new VoiceActivityPipeline(session, path, device, dtype, notices);
  } catch (error) {
    await session.release();
    throw error;
  }
}
