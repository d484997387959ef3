import { basename, resolve as resolvePath } from "node:path";
import {
  appendHistory,
  buildOutputMetadata,
  isHftoolError,
  formatBytes,
  formatDuration,
  HftoolError,
  NotSupportedError,
  resolveModel,
  resolveOutputPath,
  resolveTask,
  suggestClosest,
  UsageError,
  writeOutputFile,
  type HftoolConfig,
  type HistorySource,
  type NewHistoryEntry,
  type ResolvedModel,
  type ResolvedOutputPath,
  type TaskDefinition,
} from "@hftool/core";
import type * as InferenceModule from "@hftool/inference";
import type {
  DecodedAudio,
  DecodedRasterImage,
  Pipeline,
  ResolvedDevice,
  TaskInput,
  TaskResult,
  TextTaskResult,
} from "@hftool/inference";
import type { CommandContext } from "../context.js";
import { formatRunProgress } from "../ui/format-run-progress.js";
import { createProgressRate } from "../ui/progress-rate.js";
import { startSpinner } from "../ui/spinner.js";
import { VERSION } from "../version.js";
import { ensureModel, type EnsuredModel, type HubSettings } from "./ensure-model.js";
import { openOutput, shouldOpenOutput } from "./open-output.js";
import { readRunInput, type RunInput } from "./read-run-input.js";
import { describeResult, printResult } from "./print-result.js";
import { checkImageGeneration, isImageGeneration } from "./check-image-generation.js";
import { checkTaskParams } from "./check-task-params.js";
import { isTextResult } from "./is-text-result.js";
import { createTextStream, type TextStream } from "./text-stream.js";
import { resolveRunModel } from "./resolve-run-model.js";
import { writeGeneratedImages } from "./write-generated-images.js";

/** Everything a run needs, from flags (and, for the demo, fixed values). */
export interface RunTaskOptions {
  task: string;
  /** `-i`: text, a file, a URL, or `-`. */
  input: string;
  model?: string;
  revision?: string;
  /** `-o`: a file, a folder, or `-` for stdout. */
  output?: string;
  format?: string;
  device?: string;
  gpu?: string;
  dtype?: string;
  seed?: number;
  /** `--labels`: candidate labels of zero-shot tasks, comma-separated. */
  labels?: string;
  /** Parameters after `--`. */
  extraParams: Record<string, unknown>;
  /** `--open` / `--no-open`. */
  open?: boolean;
  /** Write metadata (PNG chunks or sidecar). */
  metadata: boolean;
  dryRun: boolean;
  /** Settings that replace the configured Hub endpoint and cache (the demo's embedded mirror). */
  hub?: Partial<HubSettings>;
  /** Download without asking (the demo, or -y / auto_download). */
  autoDownload?: boolean;
  /** Add the run to the history (`hftool history`). @default true */
  recordHistory?: boolean;
}

/** What a finished run produced. */
export interface RunTaskOutcome {
  task: TaskDefinition;
  result: TaskResult;
  outputPath?: string;
  model: EnsuredModel;
}

/** What to do instead of tasks that cannot run on ONNX Runtime. */
function unsupportedHint(task: TaskDefinition): string {
  if (task.category === "video") {
    return "Make frames with hftool -t text-to-image and join them with ffmpeg, or run the model in Python with diffusers (HunyuanVideo, CogVideoX, Wan).";
  }
  return "Run 'hftool tasks' to see what hftool can do.";
}

function warnUnknownParams(
  task: TaskDefinition,
  params: Record<string, unknown>,
  context: CommandContext,
  warned?: Set<string>,
): void {
  const known = task.params.map((p) => p.name);
  for (const name of Object.keys(params)) {
    if (known.includes(name) || name === "seed" || warned?.has(name)) continue;
    warned?.add(name);
    const near = suggestClosest({ input: name, candidates: known });
    context.out.warn(
      `'--${name}' is not a parameter of ${task.name}${near.length ? ` (did you mean '--${near[0]}'?)` : ""}; it is passed to the pipeline as is.`,
    );
  }
}

/**
 * Runs one task end to end: reads the input, plans the output, makes sure the model is on disk
 * (downloading only the files the task needs), loads the pipeline on the best device, runs it,
 * writes the output with its metadata atomically, prints the result, opens the file when that is
 * wanted, and adds the run to the history (failed runs too, once task and model are known).
 * Everything that can be checked before the slow parts is checked first.
 *
 * The steps are exported one by one ({@link planRun}, {@link prepareRunItem},
 * {@link loadRunPipeline}, {@link executeRunItem}, {@link reportRunItem}) so that batches and
 * interactive sessions load the model once and run it for many inputs.
 */
export async function runTask(
  options: RunTaskOptions,
  context: CommandContext,
): Promise<RunTaskOutcome | undefined> {
  const draft: Partial<NewHistoryEntry> = {
    time: new Date().toISOString(),
    // `hftool history --rerun` runs the command again in a child process that says so
    source: context.env.HFTOOL_RERUN_OF ? "rerun" : "run",
  };
  const started = performance.now();
  const record = options.recordHistory !== false && !options.dryRun;
  try {
    const outcome = await executeTask(options, context, draft, started);
    if (record && outcome) {
      await addToHistory(draft, { success: true, durationMs: performance.now() - started }, context);
    }
    return outcome;
  } catch (error) {
    if (record && draft.task && draft.model) await recordFailure(draft, error, started, context);
    throw error;
  }
}

/** Adds a failed run to the history: what failed, with the error's code and message. */
export async function recordFailure(
  draft: Partial<NewHistoryEntry>,
  error: unknown,
  started: number,
  context: CommandContext,
): Promise<void> {
  const failure = isHftoolError(error)
    ? { code: error.code, message: error.message }
    : { code: "UNEXPECTED", message: error instanceof Error ? error.message : String(error) };
  await addToHistory(
    draft,
    { success: false, error: failure, durationMs: performance.now() - started },
    context,
  );
}

/** Adds a run to the history; a history problem is a warning, never the run's failure. */
export async function addToHistory(
  draft: Partial<NewHistoryEntry>,
  end: Pick<NewHistoryEntry, "success" | "durationMs" | "error">,
  context: CommandContext,
): Promise<void> {
  try {
    const entry = {
      extra: {},
      params: {},
      input: "",
      ...draft,
      ...end,
      durationMs: Math.round(end.durationMs),
    };
    await appendHistory({ file: context.config().paths.historyFile, entry: entry as NewHistoryEntry });
  } catch (error) {
    // the run itself worked (or failed for its own reason): a history problem must not change that
    context.out.warn(
      `Could not add the run to the history: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** A run's settings, resolved once: a batch or an interactive session runs many items with them. */
export interface RunPlan {
  options: RunTaskOptions;
  task: TaskDefinition;
  model: ResolvedModel;
  /** `--device` as asked (`auto`, `cuda`). */
  device: string;
  gpu?: string;
  /** `--dtype` as asked (`auto`, `fp16`). */
  dtype: string;
  /** Parameters of the registry entry and the config, below every `--` parameter. */
  baseParams: Record<string, unknown>;
  config: HftoolConfig;
  hub: HubSettings;
  inference: typeof InferenceModule;
  /** Unknown parameter names already warned about (a batch warns once). */
  warnedParams: Set<string>;
}

/** One input to run with a plan: the single run's flags, a batch entry, an interactive line. */
export interface RunItemSpec {
  /** `-i`: text, a file, a URL, or `-`. */
  input: string;
  /** `-o`: a file, a folder, or `-` for stdout. */
  output?: string;
  format?: string;
  /** `--` parameters, over the plan's own. */
  extra?: Record<string, unknown>;
  seed?: number;
  /** Files the output must never replace besides the item's own input (a batch's other inputs). */
  protectedPaths?: readonly string[];
}

/** An input read and checked, with its output planned: ready to run. */
export interface PreparedRunItem {
  spec: RunItemSpec;
  input: RunInput;
  /** Decoded samples, for audio tasks. */
  audio?: DecodedAudio;
  /** Decoded pixels, for vision tasks. */
  image?: DecodedRasterImage;
  /** The output file (none when writing to stdout). */
  target?: ResolvedOutputPath;
  toStdout: boolean;
  format: string;
  /** Every parameter the pipeline receives. */
  params: Record<string, unknown>;
  seed?: number;
  timings: Record<string, number>;
  /** When the item started (`performance.now()`), for its total time. */
  started: number;
}

/** The model on disk and its pipeline loaded: run it as often as needed, then dispose it. */
export interface LoadedRun {
  plan: RunPlan;
  ensured: EnsuredModel;
  device: ResolvedDevice;
  /** `cuda:0`, `cpu`. */
  deviceLabel: string;
  pipeline: Pipeline<TaskInput, TaskResult>;
  /** `model_files` and `load`, in ms. */
  timings: Record<string, number>;
}

/** What one item produced. */
export interface RunItemResult {
  result: TaskResult;
  /** The file written (none for stdout); the first one when a generation made several. */
  written?: { path: string; bytes: number; metadataPath?: string };
  /** Every file written, when there are several (text-to-image's num_images). */
  outputs: string[];
  format: string;
  timings: Record<string, number>;
  /** The seed the run used: `--seed`, or the one text generation drew when sampling without it. */
  seed?: number;
  /** The generated text was streamed to stdout as it came. */
  streamed?: boolean;
}

/** History fields of a run of this plan (model, device, parameters), before it runs. */
export function historyDraft(
  plan: RunPlan,
  spec: RunItemSpec,
  context: CommandContext,
  source: HistorySource,
): Partial<NewHistoryEntry> {
  const { task, model } = plan;
  // --labels is replayed as a parameter, so `hftool history --rerun` keeps it
  const extra = {
    ...plan.options.extraParams,
    ...(plan.options.labels !== undefined ? { labels: plan.options.labels } : {}),
    ...spec.extra,
  };
  const seed = spec.seed ?? plan.options.seed;
  return {
    time: new Date().toISOString(),
    source,
    task: task.name,
    model: model.kind === "local" ? model.path : model.repo,
    ...(model.kind !== "local" ? { revision: model.revision } : {}),
    // what reproduces the input: an absolute path for files, else what was given
    input:
      spec.input === "-" || /^https?:\/\//i.test(spec.input) || task.input === "text"
        ? spec.input
        : resolvePath(context.cwd, spec.input),
    extra,
    params: { ...plan.baseParams, ...extra, ...(seed !== undefined ? { seed } : {}) },
    // the output asked for, so a rerun of even a failed run writes where it was meant to
    ...(spec.output === "-"
      ? { output: "-" }
      : spec.output !== undefined
        ? { output: resolvePath(context.cwd, spec.output) }
        : {}),
    device: plan.device,
    ...(plan.dtype !== "auto" ? { dtype: plan.dtype } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...((spec.format ?? plan.options.format) !== undefined
      ? { format: (spec.format ?? plan.options.format)! }
      : {}),
  };
}

/**
 * Resolves what does not depend on the input: the task (and whether it can run), the model, the
 * device and dtype asked for, the parameters from registry and config, and where models come from.
 * Nothing slow happens here.
 */
export async function planRun(options: RunTaskOptions, context: CommandContext): Promise<RunPlan> {
  const out = context.out;
  const task = resolveTask(options.task);
  if (task.status === "unsupported") {
    throw new NotSupportedError(
      `${task.name} cannot run: ${task.unsupportedReason ?? "there is no ONNX pipeline for it."}`,
      {
        hint: unsupportedHint(task),
      },
    );
  }
  const inference = await import("@hftool/inference");
  if (!inference.PIPELINE_TASKS.includes(task.name)) {
    throw new NotSupportedError(`${task.name} cannot run in this version of hftool yet.`, {
      hint: `It runs today: ${inference.PIPELINE_TASKS.join(", ")}. 'hftool tasks' lists everything.`,
    });
  }

  if (options.output === "-" && out.json) {
    throw new UsageError("-o - and --json both want stdout.", {
      hint: "Drop --json (the output goes to stdout), or write the output to a file with -o.",
    });
  }
  const config = context.config();
  const settings = config.task(task.name);
  const device = options.device ?? settings.device ?? config.defaults.device;
  const gpu = options.gpu ?? config.defaults.gpu;
  // models built for one execution provider (CUDA-only builds) are matched to the device first
  const model = await resolveRunModel({
    task: task.name,
    ...((options.model ?? settings.model) !== undefined ? { model: (options.model ?? settings.model)! } : {}),
    ...((options.revision ?? settings.revision) !== undefined
      ? { revision: (options.revision ?? settings.revision)! }
      : {}),
    aliases: config.aliases,
    cwd: context.cwd,
    device,
    ...(gpu !== undefined ? { gpu } : {}),
    context,
  });
  const dtype = options.dtype ?? settings.dtype ?? config.defaults.dtype;
  const warnedParams = new Set<string>();
  warnUnknownParams(task, options.extraParams, context, warnedParams);
  const hub: HubSettings = {
    endpoint: options.hub?.endpoint ?? config.hub.endpoint,
    cacheDir: options.hub?.cacheDir ?? config.paths.modelsDir,
    offline: options.hub?.offline ?? config.hub.offline,
    ...(options.hub?.token !== undefined ? { token: options.hub.token } : {}),
  };
  return {
    options,
    task,
    model,
    device,
    ...(gpu !== undefined ? { gpu } : {}),
    dtype,
    baseParams: {
      ...(model.kind === "registry" ? model.entry.params : {}),
      ...settings.params,
    },
    config,
    hub,
    inference,
    warnedParams,
  };
}

/**
 * Reads and checks one input and plans its output, before (for a single run) or after (for a
 * batch) the model loads: a missing file, a wrong kind of input, or a bad `-o` fails here.
 */
export async function prepareRunItem(
  plan: RunPlan,
  spec: RunItemSpec,
  context: CommandContext,
  started: number = performance.now(),
): Promise<PreparedRunItem> {
  const { task, config, inference } = plan;
  const out = context.out;
  const timings: Record<string, number> = {};
  if (spec.extra) warnUnknownParams(task, spec.extra, context, plan.warnedParams);
  const seed = spec.seed ?? plan.options.seed;
  const params: Record<string, unknown> = {
    ...plan.baseParams,
    ...plan.options.extraParams,
    ...(plan.options.labels !== undefined ? { labels: splitLabels(plan.options.labels) } : {}),
    ...spec.extra,
    ...(seed !== undefined ? { seed } : {}),
  };
  if (typeof params.labels === "string") params.labels = splitLabels(params.labels);
  checkTaskParams(task, params);

  // ── input and output are checked before anything slow ──
  const t = performance.now();
  const input: RunInput = await readRunInput({
    raw: spec.input,
    task,
    cwd: context.cwd,
    env: context.env,
    signal: context.signal,
  });
  if (input.kind === "text" && inference.TEXT_PIPELINE_TASKS.includes(task.name)) {
    // labels, a context, a mask…: say what is missing before any download
    inference.prepareTextTaskInput({ task: task.name, text: input.text, params });
  }
  const toStdout = spec.output === "-";
  const formatOption = spec.format ?? plan.options.format;
  let target: ResolvedOutputPath | undefined;
  let format: string;
  if (toStdout) {
    format = (formatOption ?? task.defaultExtension).replace(/^\./, "").toLowerCase();
    if (!task.formats.includes(format)) {
      throw new UsageError(`${task.name} cannot write '${format}': it writes ${task.formats.join(", ")}.`);
    }
  } else {
    target = resolveOutputPath({
      task: task.name,
      ...(spec.output !== undefined ? { output: spec.output } : {}),
      ...(formatOption !== undefined ? { format: formatOption } : {}),
      outputDir: config.paths.outputDir,
      cwd: context.cwd,
      inputPaths: [...(input.path ? [input.path] : []), ...(spec.protectedPaths ?? [])],
    });
    format = target.format;
  }
  if (task.name === "automatic-speech-recognition") {
    if (params.timestamps === undefined && format === "txt") params.timestamps = "none";
    if (
      (params.timestamps === "none" || params.timestamps === false) &&
      (format === "srt" || format === "vtt" || format === "tsv")
    ) {
      throw new UsageError(`.${format} subtitles need timestamps, but --timestamps is none.`, {
        hint: "Drop --timestamps none, or write .txt.",
      });
    }
  }
  let image: DecodedRasterImage | undefined;
  if (input.kind === "file" && (inference.VISION_TASKS as readonly string[]).includes(task.name)) {
    image = await inference.decodeImage({
      data: input.data,
      name: input.name,
      task: task.name,
      signal: context.signal,
    });
    out.debug(`Decoded ${input.name}: ${image.width}×${image.height} ${image.format}`);
  }
  let audio: DecodedAudio | undefined;
  if (input.kind === "file" && task.input === "audio") {
    audio = await inference.decodeAudio({
      data: input.data,
      name: input.name,
      ...(input.path ? { path: input.path } : {}),
      sampleRate: 16000,
      signal: context.signal,
    });
    out.debug(`Decoded ${input.name}: ${formatDuration(audio.duration)} (${audio.decoder})`);
  }
  if (isImageGeneration(task)) await checkImageGeneration({ task, params, input, toStdout });
  // mp3, flac… need ffmpeg: say so before a model loads, not after it ran
  if (task.output === "audio") {
    inference.checkAudioOutput({ format, ffmpeg: inference.findFfmpeg({ env: context.env }) ?? false });
  }
  timings.read_input = performance.now() - t;
  return {
    spec,
    input,
    ...(audio ? { audio } : {}),
    ...(image ? { image } : {}),
    ...(target ? { target } : {}),
    toStdout,
    format,
    params,
    ...(seed !== undefined ? { seed } : {}),
    timings,
    started,
  };
}

/**
 * Makes sure the model's files are on disk (asking before a download, unless -y or
 * auto_download), resolves the device and loads the pipeline once, with a spinner.
 */
export async function loadRunPipeline(plan: RunPlan, context: CommandContext): Promise<LoadedRun> {
  const { task, model, config, hub, inference, options, device, gpu, dtype } = plan;
  const out = context.out;
  const timings: Record<string, number> = {};

  // ── model files ──
  let t = performance.now();
  const confirm = !(options.autoDownload || context.args.yes === true || config.defaults.autoDownload);
  const ensured = await ensureModel({ model, task, dtype, hub, context, confirm });
  let vadModel: EnsuredModel | undefined;
  if (
    task.name === "automatic-speech-recognition" &&
    { ...plan.baseParams, ...options.extraParams }.vad === true
  ) {
    vadModel = await ensureModel({
      model: resolveModel({ task: "voice-activity-detection", aliases: config.aliases, cwd: context.cwd }),
      task: resolveTask("voice-activity-detection"),
      dtype: "auto",
      hub,
      context,
      confirm,
    });
  }
  timings.model_files = performance.now() - t;
  if (
    ensured.selection.fallbackNotice &&
    (ensured.selection.requestedDtype !== "auto" || context.out.verbose)
  ) {
    out.warn(ensured.selection.fallbackNotice);
  }

  // ── device and pipeline ──
  t = performance.now();
  const resolvedDevice: ResolvedDevice = await inference.resolveDevice({
    // Silero VAD steps 32 ms at a time: a GPU only adds transfers, so `auto` means the CPU for it
    device: task.name === "voice-activity-detection" && device === "auto" ? "cpu" : device,
    ...(gpu !== undefined ? { gpu } : {}),
  });
  timings.device = performance.now() - t;
  t = performance.now();
  const skipped = resolvedDevice.skipped.map((s) => `${s.device}: ${s.reason}`).join("; ");
  const deviceLabel = `${resolvedDevice.device}${resolvedDevice.gpu !== undefined ? `:${resolvedDevice.gpu}` : ""}`;
  if (resolvedDevice.requested === "auto") {
    out.info(`Device: ${deviceLabel} (auto${skipped ? `; skipped ${skipped}` : ""})`);
  }
  const spinner = await startSpinner(context, `Loading ${ensured.id}…`);
  let pipeline;
  try {
    pipeline = await inference.loadPipeline({
      task: task.name,
      model: ensured.dir,
      device: resolvedDevice,
      dtype: ensured.selection.dtype,
      signal: context.signal,
      ...(vadModel ? { vadModel: vadModel.dir } : {}),
    });
  } catch (error) {
    spinner.stop();
    throw error;
  }
  timings.load = performance.now() - t;
  spinner.succeed(
    `Loaded ${ensured.id} (${pipeline.dtype}) on ${deviceLabel} in ${formatDuration(timings.load / 1000)}`,
  );
  for (const notice of pipeline.notices) out.warn(notice);
  return { plan, ensured, device: resolvedDevice, deviceLabel, pipeline, timings };
}

/** What the pipeline takes from a prepared item: decoded pixels or audio, the text, or the file's bytes. */
export function pipelineInputOf(item: PreparedRunItem): TaskInput {
  const { input, audio, image } = item;
  return image ?? audio ?? (input.kind === "text" ? input.text : input.data);
}

/** Fills in what a run's history entry learns while it runs: commit, provider, dtype, output. */
export function completeHistoryDraft(
  draft: Partial<NewHistoryEntry>,
  loaded: LoadedRun,
  done?: RunItemResult,
): void {
  draft.provider = loaded.deviceLabel;
  if (loaded.ensured.commit) draft.commit = loaded.ensured.commit;
  draft.dtype = loaded.pipeline.dtype;
  if (done?.written) draft.output = done.written.path;
  // a random seed goes into the history, so --rerun makes the same image
  const generation = done?.result.kind === "image" ? done.result.generation : undefined;
  if (generation && typeof generation.seed === "number") draft.seed = generation.seed;
  // and the one text generation drew, so --rerun writes the same text
  if (done?.seed !== undefined) draft.seed = done.seed;
}

/**
 * Runs the loaded pipeline on one prepared item and writes its output (with metadata) atomically,
 * or to stdout. Prints nothing: progress goes to `onProgress`, the caller reports the result.
 */
export async function executeRunItem(
  loaded: LoadedRun,
  item: PreparedRunItem,
  context: CommandContext,
  onProgress?: (text: string) => void,
  /** Where generated text goes as it comes (text generation, summarization, translation). */
  text?: TextStream,
): Promise<RunItemResult> {
  const { plan, pipeline, ensured, deviceLabel } = loaded;
  const { task, inference, options } = plan;
  const { input, params, format } = item;
  const timings: Record<string, number> = { ...item.timings };

  // ── run ──
  let t = performance.now();
  const rate = createProgressRate();
  let reported = -1;
  const result = await pipeline.run(pipelineInputOf(item), {
    params,
    signal: context.signal,
    ...(text ? { onText: text.write } : {}),
    onProgress: (p) => {
      onProgress?.(formatRunProgress({ ...p, ...rate.update(p.done, p.total) }));
      // no bar without a terminal: -v gets a plain line per unit of work instead
      if (!context.out.stderr.isTTY && p.done !== reported) {
        reported = p.done;
        context.out.debug(`${p.stage} ${p.done}${p.total !== undefined ? `/${p.total}` : ""} ${p.unit}`);
      }
    },
  });
  timings.run = performance.now() - t;
  // the text's last line ends before any notice about it
  text?.end();
  if (result.kind === "image") for (const notice of result.notices ?? []) context.out.warn(notice);
  if (isTextResult(result)) for (const notice of result.notices) context.out.warn(notice);
  // sampling without --seed draws one: keep it, so the run can be repeated
  const seed = item.seed ?? (result.kind === "generated-text" ? result.seed : undefined);

  // ── output ──
  t = performance.now();
  // generated images: what really ran (the model's defaults filled in) and where the time went
  const generation = result.kind === "image" ? result.generation : undefined;
  // generated images are encoded one by one as they are written; everything else renders once here
  const writesImages = result.kind === "image" && generation !== undefined && Boolean(result.images?.length);
  const rendered =
    writesImages && !item.toStdout
      ? undefined
      : await inference.renderTaskOutput({
          result,
          format,
          ...(result.kind === "audio" ? { ffmpeg: inference.findFfmpeg({ env: context.env }) ?? false } : {}),
        });
  let written: RunItemResult["written"];
  let outputs: string[] = [];
  if (item.toStdout) {
    process.stdout.write(rendered!.data);
  } else {
    const metadata = options.metadata
      ? buildOutputMetadata({
          hftoolVersion: VERSION,
          task: task.name,
          model: ensured.id,
          ...(ensured.revision ? { revision: ensured.revision } : {}),
          ...(ensured.commit ? { commit: ensured.commit } : {}),
          input: input.kind === "text" ? input.text : input.label,
          params: generation ? { ...params, ...generation } : params,
          ...(seed !== undefined ? { seed } : {}),
          device: deviceLabel,
          dtype: pipeline.dtype,
          format,
          timings: {
            ...item.timings,
            ...loaded.timings,
            ...timings,
            ...(result.kind === "image" ? result.timings : {}),
            write: performance.now() - t,
            total: performance.now() - item.started,
          },
        })
      : undefined;
    if (writesImages && result.kind === "image" && generation) {
      const files = await writeGeneratedImages({
        images: result.images!,
        generation,
        target: item.target!,
        ...(metadata ? { metadata } : {}),
        model: ensured.id,
        inputPaths: [...(input.path ? [input.path] : []), ...(item.spec.protectedPaths ?? [])],
        encode: async (png) => (await inference.encodeImage({ png, format })).data,
        context,
      });
      written = files[0];
      outputs = files.map((f) => f.path);
    } else {
      written = await writeOutputFile({
        path: item.target!.path,
        data: rendered!.data,
        ...(metadata ? { metadata } : {}),
      });
      outputs = [written.path];
    }
  }
  timings.write = performance.now() - t;
  return {
    result,
    ...(written ? { written } : {}),
    outputs,
    format,
    timings,
    ...(seed !== undefined ? { seed } : {}),
  };
}

/**
 * Tells the user what a run produced: one JSON document with `--json`, else the result (a
 * transcript, a table) on stdout and where the output went on stderr, and opens the output when
 * that is wanted.
 */
export async function reportRunItem(
  loaded: LoadedRun,
  item: PreparedRunItem,
  done: RunItemResult,
  context: CommandContext,
  timings: Record<string, number>,
): Promise<void> {
  const { plan, ensured, deviceLabel, pipeline } = loaded;
  const { task, config, options } = plan;
  const { input, params } = item;
  const { result, written, format } = done;
  const out = context.out;
  if (out.json) {
    out.writeJson({
      success: true,
      task: task.name,
      model: ensured.id,
      ...(ensured.revision ? { revision: ensured.revision, commit: ensured.commit } : {}),
      model_source: ensured.source,
      device: deviceLabel,
      device_requested: loaded.device.requested,
      dtype: pipeline.dtype,
      input: input.kind === "text" ? input.text.slice(0, 500) : input.label,
      output: written?.path ?? "-",
      ...(done.outputs.length > 1 ? { outputs: done.outputs } : {}),
      format,
      metadata_file: written?.metadataPath ?? (written && options.metadata ? written.path : null),
      ...((done.seed ?? item.seed) !== undefined ? { seed: done.seed ?? item.seed } : {}),
      params,
      timings_ms: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v * 10) / 10])),
      result: toJsonResult(result, plan.inference.visionResultToJson, plan.inference.textResultToJson),
    });
  } else if (written) {
    if (out.quiet) out.result(written.path);
    else printResult(result, context, { streamed: done.streamed === true, dims: params.dims === true });
    out.success(
      done.outputs.length > 1
        ? `${done.outputs.length} images saved: ${done.outputs.join(", ")}`
        : `Output saved to ${written.path}${written.metadataPath ? ` (metadata: ${basename(written.metadataPath)})` : ""}`,
    );
    const generation = result.kind === "image" ? result.generation : undefined;
    if (generation && item.seed === undefined && typeof generation.seed === "number") {
      out.info(out.ce.dim(`Seed ${generation.seed}: --seed ${generation.seed} makes the same image again.`));
    }
    out.debug(
      `Timings: ${Object.entries(timings)
        .map(([k, v]) => `${k} ${formatDuration(v / 1000)}`)
        .join(", ")}; ${formatBytes(written.bytes)} written`,
    );
    if (
      shouldOpenOutput({
        flag: options.open,
        autoOpen: config.defaults.autoOpen,
        interactive: context.interactive,
        // a detection's boxes or a depth map drawn as a picture opens like any image
        outputKind: (plan.inference.IMAGE_OUTPUT_FORMATS as readonly string[]).includes(format)
          ? "image"
          : task.output,
        env: context.env,
      })
    ) {
      const opener = await openOutput(written.path, context.env);
      if (!opener)
        out.warn(`No program to open ${written.path} with (install xdg-utils), so it stays closed.`);
    }
  }
}

async function executeTask(
  options: RunTaskOptions,
  context: CommandContext,
  draft: Partial<NewHistoryEntry>,
  started: number,
): Promise<RunTaskOutcome | undefined> {
  const out = context.out;
  const plan = await planRun(options, context);
  const spec: RunItemSpec = {
    input: options.input,
    ...(options.output !== undefined ? { output: options.output } : {}),
  };
  Object.assign(draft, historyDraft(plan, spec, context, draft.source ?? "run"), { time: draft.time });
  const item = await prepareRunItem(plan, spec, context, started);
  draft.params = item.params;

  if (options.dryRun) {
    const { printDryRun } = await import("./print-dry-run.js");
    return void (await printDryRun({ plan, item, context }));
  }

  const { target } = item;
  if (target?.exists && !target.automatic) {
    if (context.interactive && context.args.yes !== true && !out.json) {
      const replace = await context.confirm(`${target.path} exists. Replace it?`, { default: true });
      if (!replace) {
        throw new HftoolError("OUTPUT_EXISTS", `Not replacing ${target.path}; nothing was run.`, {
          hint: "Choose another -o, or leave -o out for an automatic name.",
        });
      }
    } else if (context.args.yes !== true) {
      out.warn(`Replacing ${target.path}.`);
    }
  }

  const loaded = await loadRunPipeline(plan, context);
  completeHistoryDraft(draft, loaded);
  const running = await startSpinner(context, `Running ${plan.task.name}…`);
  // generated text goes to stdout as it comes, when stdout is for people
  const stream =
    !out.json && !out.quiet && !item.toStdout ? createTextStream(running, out.stdout) : undefined;
  let done: RunItemResult;
  try {
    done = await executeRunItem(loaded, item, context, (text) => running.update(text), stream);
  } catch (error) {
    stream?.end();
    running.stop();
    throw error;
  } finally {
    await loaded.pipeline.dispose().catch(() => {});
  }
  stream?.end();
  if (stream?.wrote) done.streamed = true;
  running.succeed(`${describeResult(done.result)} in ${formatDuration(done.timings.run! / 1000)}`);
  completeHistoryDraft(draft, loaded, done);
  const timings = { ...item.timings, ...loaded.timings, ...done.timings, total: performance.now() - started };
  await reportRunItem(loaded, item, done, context, timings);
  return {
    task: plan.task,
    result: done.result,
    model: loaded.ensured,
    ...(done.written ? { outputPath: done.written.path } : {}),
  };
}

/** `--labels "cat, dog"` → `["cat", "dog"]`. */
function splitLabels(labels: string): string[] {
  return labels
    .split(",")
    .map((label) => label.trim())
    .filter(Boolean);
}

/** The structured result for `--json`: everything but raw audio samples and pixels. */
export function toJsonResult(
  result: TaskResult,
  visionResultToJson: typeof InferenceModule.visionResultToJson,
  textResultToJson?: (result: TextTaskResult) => Record<string, unknown>,
): Record<string, unknown> {
  switch (result.kind) {
    case "transcript":
      return { ...result };
    case "speech-segments": {
      const { probabilities, ...rest } = result;
      return {
        ...rest,
        ...(probabilities
          ? { probabilities: Array.from(probabilities, (p) => Math.round(p * 1000) / 1000) }
          : {}),
      };
    }
    case "audio":
      return {
        kind: "audio",
        sample_rate: result.sampleRate,
        duration: result.duration,
        samples: result.samples.length,
      };
    case "image":
      return {
        kind: "image",
        width: result.width,
        height: result.height,
        bytes: result.png.length,
        ...(result.images && result.images.length > 1
          ? { images: result.images.map(({ png, ...image }) => ({ ...image, bytes: png.length })) }
          : {}),
        ...(result.generation ? { generation: result.generation } : {}),
      };
    default:
      if (isTextResult(result)) {
        if (!textResultToJson) throw new Error("toJsonResult needs textResultToJson for a text result");
        return { kind: result.kind, ...textResultToJson(result) };
      }
      return { kind: result.kind, ...visionResultToJson(result) };
  }
}
