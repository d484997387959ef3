import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import {
  appendBenchmarkResult,
  formatBytes,
  getHftoolHome,
  listModels,
  parseExtraArgs,
  readBenchmarkResults,
  resolveTask,
  UsageError,
  type BenchmarkResult,
} from "@hftool/core";
import type { CommandContext } from "../context.js";
import type { CommandArgs, CommandHandler } from "../spec/types.js";

const ms = (value: number | undefined) => {
  if (value === undefined || !Number.isFinite(value)) return "—";
  if (value < 1) return `${value.toFixed(2)} ms`;
  if (value < 1000) return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
  return `${(value / 1000).toFixed(2)} s`;
};

function count(args: CommandArgs, name: string, min: number): number {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(`--${name} must be a whole number of ${min} or more, not ${String(args[name])}.`);
  }
  return value;
}

/** The one-model report: each measurement on its own line. */
function printResult(result: BenchmarkResult, context: CommandContext): void {
  const { out } = context;
  const { c } = out;
  const i = result.inferenceMs;
  out.print(
    out.table(
      [
        ["Task", result.task],
        [
          "Model",
          `${result.model}${result.commit ? c.dim(` (${result.commit.slice(0, 10)})`) : ""} ${c.dim(result.dtype)}`,
        ],
        ["Device", `${result.device} ${c.dim(`(${result.executionProviders.join(", ")})`)}`],
        ["Input", result.input],
        ["Load", c.bold(ms(result.loadMs))],
        ["First inference", c.bold(ms(result.firstInferenceMs))],
        [
          `Inference (${i.samples.length} run${i.samples.length === 1 ? "" : "s"})`,
          i.samples.length
            ? `${c.bold(`mean ${ms(i.mean)}`)}   p50 ${ms(i.p50)}   p95 ${ms(i.p95)}   ${c.dim(`min ${ms(i.min)}, max ${ms(i.max)}`)}`
            : "—",
        ],
        [
          "Memory",
          `peak ${formatBytes(result.rssBytes.peak)} ${c.dim(`(loading added ${formatBytes(Math.max(0, result.rssBytes.afterLoad - result.rssBytes.beforeLoad))})`)}`,
        ],
        [
          "GPU memory",
          result.gpuMemoryBytes !== undefined ? formatBytes(result.gpuMemoryBytes) : c.dim("— (no GPU used)"),
        ],
      ],
      { indent: 2 },
    ),
  );
}

/** Many results side by side (`--all`, `--list`). */
function printTable(results: readonly BenchmarkResult[], context: CommandContext, withTime: boolean): void {
  const { out } = context;
  const { c } = out;
  const header = ["task", "model", "device", "load", "first", "mean", "p50", "p95", "peak rss", "gpu"];
  const rows = results.map((r) => [
    r.task,
    (r.model.split("/").pop() ?? r.model) + c.dim(` ${r.dtype}`),
    r.device,
    r.success ? ms(r.loadMs) : c.red("failed"),
    r.success ? ms(r.firstInferenceMs) : "",
    r.success ? ms(r.inferenceMs.mean) : c.dim(r.error?.message.slice(0, 60) ?? ""),
    r.success ? ms(r.inferenceMs.p50) : "",
    r.success ? ms(r.inferenceMs.p95) : "",
    r.success ? formatBytes(r.rssBytes.peak) : "",
    r.gpuMemoryBytes !== undefined ? formatBytes(r.gpuMemoryBytes) : "—",
    ...(withTime ? [c.dim(r.time.slice(0, 16).replace("T", " "))] : []),
  ]);
  out.print(out.table([[...header, ...(withTime ? ["when"] : [])].map((h) => c.dim(h)), ...rows]));
}

/** `--all`: each downloaded registry model in a fresh process, so loads and memory do not mix. */
async function benchmarkAll(args: CommandArgs, context: CommandContext, file: string): Promise<number> {
  const { out } = context;
  const { loadDownloadApi } = await import("../run/download-api.js");
  const { PIPELINE_TASKS } = await import("@hftool/inference");
  const download = await loadDownloadApi();
  const cacheDir = context.config().paths.modelsDir;
  const only = typeof args.task === "string" ? resolveTask(args.task).name : undefined;
  const models = [];
  for (const model of listModels(only ? { task: only } : {})) {
    if (!PIPELINE_TASKS.includes(model.task)) continue;
    const cached = await download.findCachedSnapshot({
      repo: model.repo,
      cacheDir,
      ...(model.revision ? { revision: model.revision } : {}),
    });
    if (cached) models.push(model);
  }
  if (models.length === 0) {
    out.info("No downloaded registry models to benchmark.");
    out.info(
      out.ce.dim(
        "Download one first (hftool download -t asr), or benchmark one model: hftool benchmark -t TASK -m MODEL",
      ),
    );
    if (out.json) out.writeJson([]);
    return 0;
  }
  const passthrough = ["device", "gpu", "dtype", "runs", "warmup"].flatMap((name) =>
    args[name] !== undefined ? [`--${name}`, String(args[name])] : [],
  );
  if (args.save === false) passthrough.push("--no-save");
  const results: BenchmarkResult[] = [];
  for (const [index, model] of models.entries()) {
    if (context.signal.aborted) break;
    out.info(`[${index + 1}/${models.length}] ${model.task}: ${model.name}…`);
    const child = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const proc = spawn(
          process.execPath,
          [process.argv[1]!, "benchmark", "-t", model.task, "-m", model.name, "--json", ...passthrough],
          { stdio: ["ignore", "pipe", "pipe"], env: context.env, cwd: context.cwd },
        );
        let stdout = "";
        let stderr = "";
        proc.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
        proc.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        proc.on("error", reject);
        proc.on("close", (code) => resolve({ code, stdout, stderr }));
      },
    );
    try {
      const parsed = JSON.parse(child.stdout) as BenchmarkResult & {
        error?: { code: string; message: string };
      };
      if (child.code === 0) results.push(parsed);
      else
        throw Object.assign(new Error(parsed.error?.message ?? child.stderr), { code: parsed.error?.code });
    } catch (error) {
      const message = (error as Error).message.trim().split("\n").pop() || `exit code ${child.code}`;
      out.warn(`${model.task} ${model.name}: ${message}`);
      results.push({
        time: new Date().toISOString(),
        hftoolVersion: "",
        task: model.task,
        model: model.repo,
        device: String(args.device ?? "auto"),
        deviceRequested: String(args.device ?? "auto"),
        executionProviders: [],
        dtype: String(args.dtype ?? "auto"),
        input: "",
        params: {},
        runs: 0,
        warmup: 0,
        loadMs: Number.NaN,
        firstInferenceMs: Number.NaN,
        inferenceMs: {
          mean: Number.NaN,
          p50: Number.NaN,
          p95: Number.NaN,
          min: Number.NaN,
          max: Number.NaN,
          samples: [],
        },
        rssBytes: { beforeLoad: 0, afterLoad: 0, peak: 0 },
        system: { platform: process.platform, arch: process.arch, cpu: "", cpus: 0, node: process.version },
        success: false,
        error: { code: (error as { code?: string }).code ?? "BENCHMARK_FAILED", message },
      });
    }
  }
  if (out.json) out.writeJson(results);
  else {
    printTable(results, context, false);
    if (args.save !== false) out.info(out.ce.dim(`Saved in ${file}`));
  }
  return results.some((r) => !r.success) ? 1 : 0;
}

/**
 * `hftool benchmark -t TASK [-m MODEL]`: real, separately measured load time, first inference and
 * steady-state inference (mean, p50, p95), peak memory and GPU memory, on a standard input that
 * ships with hftool. Results are appended to `<hftool home>/benchmarks.jsonl`; `--list` shows them.
 */
const benchmark: CommandHandler = async (args, context) => {
  const { out } = context;
  const file = join(getHftoolHome({ env: context.env }), "benchmarks.jsonl");
  if (args.list === true) {
    const task = typeof args.task === "string" ? resolveTask(args.task).name : undefined;
    const wanted = typeof args.model === "string" ? args.model : undefined;
    const ids = new Set<string>();
    if (wanted !== undefined) {
      ids.add(wanted);
      ids.add(resolve(context.cwd, wanted));
      for (const entry of listModels(task ? { task } : {})) if (entry.name === wanted) ids.add(entry.repo);
    }
    const results = (await readBenchmarkResults({ file, ...(task ? { task } : {}) }))
      .filter((r) => wanted === undefined || ids.has(r.model))
      .slice(0, 50);
    if (out.json) out.writeJson(results);
    else if (results.length === 0)
      out.print(
        `No saved benchmarks${task ? ` for ${task}` : ""}. Run one: hftool benchmark -t ${task ?? "TASK"}`,
      );
    else {
      printTable(results, context, true);
      out.print(out.c.dim(`\n${results.length} result${results.length === 1 ? "" : "s"} from ${file}`));
    }
    return 0;
  }
  const runs = count(args, "runs", 1);
  const warmup = count(args, "warmup", 0);
  if (args.all === true) {
    if (typeof args.model === "string")
      throw new UsageError("--all benchmarks every downloaded model; drop -m.");
    return benchmarkAll(args, context, file);
  }
  if (typeof args.task !== "string") {
    throw new UsageError("Which task? Pass -t TASK (and -m MODEL), or --all.", {
      hint: "Examples: hftool benchmark -t asr    hftool benchmark -t tts -m ./my-model    hftool benchmark --all",
    });
  }
  const { runModelBenchmark } = await import("../benchmark/run-model-benchmark.js");
  const str = (name: string) =>
    typeof args[name] === "string" || typeof args[name] === "number" ? String(args[name]) : undefined;
  const result = await runModelBenchmark(
    {
      task: args.task,
      ...(str("model") !== undefined ? { model: str("model")! } : {}),
      ...(str("input") !== undefined ? { input: str("input")! } : {}),
      ...(str("device") !== undefined ? { device: str("device")! } : {}),
      ...(str("gpu") !== undefined ? { gpu: str("gpu")! } : {}),
      ...(str("dtype") !== undefined ? { dtype: str("dtype")! } : {}),
      extraParams: parseExtraArgs((args["--"] ?? []).map(String)),
      runs,
      warmup,
    },
    context,
  );
  if (args.save !== false) {
    try {
      await appendBenchmarkResult({ file, result });
    } catch (error) {
      out.warn(`Could not save the result: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (out.json) out.writeJson(result);
  else {
    printResult(result, context);
    if (args.save !== false) out.info(out.ce.dim(`Saved in ${file} (hftool benchmark --list to compare)`));
  }
  return 0;
};

export default benchmark;
