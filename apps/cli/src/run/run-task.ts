import { basename, resolve as resolvePath } from "node:path";
import {
  appendHistory,
  buildOutputMetadata,
  isHftoolError,
  formatBytes,
  modelLicenseNotice,
  formatDuration,
  HftoolError,
  NotSupportedError,
  resolveModel,
  resolveOutputPath,
  resolveTask,
  suggestClosest,
  UsageError,
  writeOutputFile,
  type NewHistoryEntry,
  type ResolvedOutputPath,
  type TaskDefinition,
} from "@hftool/core";
import type {
  DecodedAudio,
  DecodedRasterImage,
  ResolvedDevice,
  TaskResult,
  VisionResult,
} from "@hftool/inference";
import type { CommandContext } from "../context.js";
import { formatRunProgress } from "../ui/format-run-progress.js";
import { createProgressRate } from "../ui/progress-rate.js";
import { startSpinner } from "../ui/spinner.js";
import { VERSION } from "../version.js";
import { checkImageGeneration, isImageGeneration } from "./check-image-generation.js";
import { ensureModel, type EnsuredModel, type HubSettings } from "./ensure-model.js";
import { openOutput, shouldOpenOutput } from "./open-output.js";
import { readRunInput, type RunInput } from "./read-run-input.js";
import { describeResult, printResult } from "./print-result.js";
import { checkTaskParams } from "./check-task-params.js";
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
): void {
  const known = task.params.map((p) => p.name);
  for (const name of Object.keys(params)) {
    if (known.includes(name) || name === "seed") continue;
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
 */
export async function runTask(
  options: RunTaskOptions,
  context: CommandContext,
): Promise<RunTaskOutcome | undefined> {
  const draft: Partial<NewHistoryEntry> = { time: new Date().toISOString(), source: "run" };
  const started = performance.now();
  const record = options.recordHistory !== false && !options.dryRun;
  try {
    const outcome = await executeTask(options, context, draft);
    if (record && outcome) {
      await addToHistory(draft, { success: true, durationMs: performance.now() - started }, context);
    }
    return outcome;
  } catch (error) {
    if (record && draft.task && draft.model) {
      const failure = isHftoolError(error)
        ? { code: error.code, message: error.message }
        : { code: "UNEXPECTED", message: error instanceof Error ? error.message : String(error) };
      await addToHistory(
        draft,
        { success: false, error: failure, durationMs: performance.now() - started },
        context,
      );
    }
    throw error;
  }
}

async function addToHistory(
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

async function executeTask(
  options: RunTaskOptions,
  context: CommandContext,
  draft: Partial<NewHistoryEntry>,
): Promise<RunTaskOutcome | undefined> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => (timings[name] = performance.now() - since);
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
  warnUnknownParams(task, options.extraParams, context);
  const params: Record<string, unknown> = {
    ...(model.kind === "registry" ? model.entry.params : {}),
    ...settings.params,
    ...options.extraParams,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.labels !== undefined ? { labels: splitLabels(options.labels) } : {}),
  };
  checkTaskParams(task, params);
  Object.assign(draft, {
    task: task.name,
    model: model.kind === "local" ? model.path : model.repo,
    ...(model.kind !== "local" ? { revision: model.revision } : {}),
    // what reproduces the input: an absolute path for files, else what was given
    input:
      options.input === "-" || /^https?:\/\//i.test(options.input) || task.input === "text"
        ? options.input
        : resolvePath(context.cwd, options.input),
    // --labels is replayed as a parameter, so `hftool history --rerun` keeps it
    extra: { ...options.extraParams, ...(options.labels !== undefined ? { labels: options.labels } : {}) },
    params,
    device,
    ...(dtype !== "auto" ? { dtype } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.format !== undefined ? { format: options.format } : {}),
  });

  // ── input and output are checked before anything slow ──
  let t = performance.now();
  const input: RunInput = await readRunInput({
    raw: options.input,
    task,
    cwd: context.cwd,
    signal: context.signal,
  });
  const toStdout = options.output === "-";
  let target: ResolvedOutputPath | undefined;
  let format: string;
  if (toStdout) {
    format = (options.format ?? task.defaultExtension).replace(/^\./, "").toLowerCase();
    if (!task.formats.includes(format)) {
      throw new UsageError(`${task.name} cannot write '${format}': it writes ${task.formats.join(", ")}.`);
    }
  } else {
    target = resolveOutputPath({
      task: task.name,
      ...(options.output !== undefined ? { output: options.output } : {}),
      ...(options.format !== undefined ? { format: options.format } : {}),
      outputDir: config.paths.outputDir,
      cwd: context.cwd,
      inputPaths: input.path ? [input.path] : [],
    });
    format = target.format;
  }
  if (task.name === "automatic-speech-recognition") {
    if (params.timestamps === undefined && format === "txt") params.timestamps = "none";
    if (
      (params.timestamps === "none" || params.timestamps === false) &&
      (format === "srt" || format === "vtt")
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
  lap("read_input", t);

  const hub: HubSettings = {
    endpoint: options.hub?.endpoint ?? config.hub.endpoint,
    cacheDir: options.hub?.cacheDir ?? config.paths.modelsDir,
    offline: options.hub?.offline ?? config.hub.offline,
    ...(options.hub?.token !== undefined ? { token: options.hub.token } : {}),
  };

  if (options.dryRun) {
    return void (await printDryRun({
      task,
      model,
      device,
      dtype,
      format,
      target,
      params,
      hub,
      context,
      input,
    }));
  }

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

  // ── model files ──
  t = performance.now();
  const confirm = !(options.autoDownload || context.args.yes === true || config.defaults.autoDownload);
  const ensured = await ensureModel({ model, task, dtype, hub, context, confirm });
  let vadModel: EnsuredModel | undefined;
  if (task.name === "automatic-speech-recognition" && params.vad === true) {
    vadModel = await ensureModel({
      model: resolveModel({ task: "voice-activity-detection", aliases: config.aliases, cwd: context.cwd }),
      task: resolveTask("voice-activity-detection"),
      dtype: "auto",
      hub,
      context,
      confirm,
    });
  }
  lap("model_files", t);
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
  const skipped = resolvedDevice.skipped.map((s) => `${s.device}: ${s.reason}`).join("; ");
  const deviceLabel = `${resolvedDevice.device}${resolvedDevice.gpu !== undefined ? `:${resolvedDevice.gpu}` : ""}`;
  draft.provider = deviceLabel;
  if (ensured.commit) draft.commit = ensured.commit;
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
  lap("load", t);
  spinner.succeed(
    `Loaded ${ensured.id} (${pipeline.dtype}) on ${deviceLabel} in ${formatDuration(timings.load! / 1000)}`,
  );
  for (const notice of pipeline.notices) out.warn(notice);

  // ── run ──
  t = performance.now();
  const running = await startSpinner(context, `Running ${task.name}…`);
  const rate = createProgressRate();
  let reported = -1;
  let result: TaskResult;
  try {
    result = await pipeline.run(image ?? audio ?? (input.kind === "text" ? input.text : input.data), {
      params,
      signal: context.signal,
      onProgress: (p) => {
        running.update(formatRunProgress({ ...p, ...rate.update(p.done, p.total) }));
        // no bar without a terminal: -v gets a plain line per unit of work instead
        if (!out.stderr.isTTY && p.done !== reported) {
          reported = p.done;
          out.debug(`${p.stage} ${p.done}${p.total !== undefined ? `/${p.total}` : ""} ${p.unit}`);
        }
      },
    });
  } catch (error) {
    running.stop();
    await pipeline.dispose().catch(() => {});
    throw error;
  }
  lap("run", t);
  running.succeed(`${describeResult(result)} in ${formatDuration(timings.run! / 1000)}`);
  await pipeline.dispose();
  if (result.kind === "image") for (const notice of result.notices ?? []) out.warn(notice);

  // ── output ──
  t = performance.now();
  const rendered = await inference.renderTaskOutput({ result, format });
  let written: { path: string; bytes: number; metadataPath?: string } | undefined;
  // generated images: what really ran (the model's defaults filled in) and where the time went
  const generation = result.kind === "image" ? result.generation : undefined;
  let outputs: string[] = [];
  if (toStdout) {
    process.stdout.write(rendered.data);
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
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
          device: deviceLabel,
          dtype: pipeline.dtype,
          format,
          timings: {
            ...timings,
            ...(result.kind === "image" ? result.timings : {}),
            write: performance.now() - t,
            total: performance.now() - started,
          },
        })
      : undefined;
    if (result.kind === "image" && generation && result.images?.length) {
      const files = await writeGeneratedImages({
        images: result.images,
        generation,
        target: target!,
        ...(metadata ? { metadata } : {}),
        model: ensured.id,
        inputPaths: input.path ? [input.path] : [],
        context,
      });
      written = files[0];
      outputs = files.map((f) => f.path);
    } else {
      written = await writeOutputFile({
        path: target!.path,
        data: rendered.data,
        ...(metadata ? { metadata } : {}),
      });
    }
  }
  lap("write", t);
  timings.total = performance.now() - started;
  if (written) draft.output = written.path;
  draft.dtype = pipeline.dtype;
  // a random seed goes into the history, so --rerun makes the same image
  if (generation && typeof generation.seed === "number") draft.seed = generation.seed;

  // ── report ──
  if (out.json) {
    out.writeJson({
      success: true,
      task: task.name,
      model: ensured.id,
      ...(ensured.revision ? { revision: ensured.revision, commit: ensured.commit } : {}),
      model_source: ensured.source,
      device: deviceLabel,
      device_requested: resolvedDevice.requested,
      dtype: pipeline.dtype,
      input: input.kind === "text" ? input.text.slice(0, 500) : input.label,
      output: written?.path ?? "-",
      ...(outputs.length > 1 ? { outputs } : {}),
      format,
      metadata_file: written?.metadataPath ?? (written && options.metadata ? written.path : null),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      params,
      timings_ms: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v * 10) / 10])),
      result: toJsonResult(result, inference.visionResultToJson),
    });
  } else if (written) {
    if (out.quiet) out.result(written.path);
    else printResult(result, context);
    out.success(
      outputs.length > 1
        ? `${outputs.length} images saved: ${outputs.join(", ")}`
        : `Output saved to ${written.path}${written.metadataPath ? ` (metadata: ${basename(written.metadataPath)})` : ""}`,
    );
    if (generation && options.seed === undefined && typeof generation.seed === "number") {
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
        outputKind: format === "png" ? "image" : task.output,
        env: context.env,
      })
    ) {
      const opener = await openOutput(written.path, context.env);
      if (!opener)
        out.warn(`No program to open ${written.path} with (install xdg-utils), so it stays closed.`);
    }
  }
  return { task, result, model: ensured, ...(written ? { outputPath: written.path } : {}) };
}

/** `--labels "cat, dog"` → `["cat", "dog"]`. */
function splitLabels(labels: string): string[] {
  return labels
    .split(",")
    .map((label) => label.trim())
    .filter(Boolean);
}

/** The structured result for `--json`: everything but raw audio samples and pixels. */
function toJsonResult(
  result: TaskResult,
  visionResultToJson: (result: VisionResult) => Record<string, unknown>,
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
      return { kind: result.kind, ...visionResultToJson(result) };
  }
}

/** What a dry run says about the model's files: which, how big, and whether they are on disk. */
async function planModelFiles(
  model: ReturnType<typeof resolveModel>,
  task: TaskDefinition,
  dtype: string,
  hub: HubSettings,
): Promise<{ status: string; files?: string[]; bytes?: number; dtype?: string; notice?: string }> {
  const { listModelFolder, selectModelFiles } = await import("@hftool/inference");
  const defaultDtype = model.kind === "registry" ? model.entry.defaultDtype : undefined;
  const select = (files: { path: string; size?: number }[], name: string) =>
    selectModelFiles({
      task: task.name,
      files,
      dtype,
      model: name,
      ...(defaultDtype ? { defaultDtype } : {}),
    });
  if (model.kind === "local") {
    const selection = select(await listModelFolder({ dir: model.path }), model.path);
    return {
      status: "local folder",
      files: selection.files,
      dtype: selection.dtype,
      ...(selection.sizeBytes !== undefined ? { bytes: selection.sizeBytes } : {}),
    };
  }
  try {
    const { loadDownloadApi } = await import("./download-api.js");
    const download = await loadDownloadApi();
    const cached = await download.findCachedSnapshot({
      repo: model.repo,
      revision: model.revision,
      cacheDir: hub.cacheDir,
    });
    if (hub.offline) return { status: cached ? `cached (${cached}); offline` : "not cached, and offline" };
    const listing = await download.listRepoFiles({
      repo: model.repo,
      revision: model.revision,
      endpoint: hub.endpoint,
      cacheDir: hub.cacheDir,
      ...(hub.token !== undefined ? { token: hub.token } : {}),
    });
    const selection = select(listing.files, model.repo);
    return {
      status: cached
        ? `cache has a snapshot (${cached}); missing files would be downloaded`
        : "would be downloaded",
      files: selection.files,
      dtype: selection.dtype,
      ...(selection.sizeBytes !== undefined ? { bytes: selection.sizeBytes } : {}),
      ...(selection.fallbackNotice ? { notice: selection.fallbackNotice } : {}),
    };
  } catch (error) {
    return { status: `unknown (${error instanceof Error ? error.message : String(error)})` };
  }
}

async function printDryRun(plan: {
  task: TaskDefinition;
  model: ReturnType<typeof resolveModel>;
  device: string;
  dtype: string;
  format: string;
  target: ResolvedOutputPath | undefined;
  params: Record<string, unknown>;
  hub: HubSettings;
  context: CommandContext;
  input: RunInput;
}): Promise<void> {
  const { task, model, context } = plan;
  const out = context.out;
  const files = await planModelFiles(model, task, plan.dtype, plan.hub);
  const license = model.kind === "registry" ? modelLicenseNotice(model.entry) : undefined;
  const summary = {
    dry_run: true,
    task: task.name,
    model: model.kind === "local" ? model.path : model.repo,
    ...(model.kind !== "local" ? { revision: model.revision, cache_dir: plan.hub.cacheDir } : {}),
    model_files: files,
    input: plan.input.label,
    output: plan.target?.path ?? "-",
    format: plan.format,
    device: plan.device,
    dtype: files.dtype ?? plan.dtype,
    params: plan.params,
    ...(license ? { license } : {}),
  };
  if (out.json) {
    out.writeJson(summary);
    return;
  }
  out.print(
    out.table([
      ["Task", task.name],
      ["Model", `${summary.model}${model.kind !== "local" ? `@${model.revision}` : ""}`],
      ["Files", `${files.status}${files.bytes !== undefined ? `, ${formatBytes(files.bytes)}` : ""}`],
      ...(files.files ?? []).map((f) => ["", f]),
      ["Input", summary.input],
      ["Output", `${summary.output} (${plan.format})`],
      ["Device", plan.device],
      ["Dtype", summary.dtype],
      ...(license ? [["License", license]] : []),
      ["Params", Object.keys(plan.params).length ? JSON.stringify(plan.params) : "(defaults)"],
      ...(model.kind === "local" ? [] : [["Cache", plan.hub.cacheDir]]),
    ]),
  );
  if (files.notice) out.warn(files.notice);
  out.info("Dry run: nothing was downloaded, loaded or written.");
}
