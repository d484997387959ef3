import { cpus } from "node:os";
import { summarizeTimings, type BenchmarkResult } from "@hftool/core";
import type { CommandContext } from "../context.js";
import { readGpuMemory } from "../run/read-gpu-memory.js";
import {
  loadRunPipeline,
  pipelineInputOf,
  planRun,
  prepareRunItem,
  type RunTaskOptions,
} from "../run/run-task.js";
import { startSpinner } from "../ui/spinner.js";
import { VERSION } from "../version.js";
import { standardInput } from "./standard-input.js";

/** Parameters of {@link runModelBenchmark}. */
export interface RunModelBenchmarkParams {
  task: string;
  model?: string;
  /** `-i`; the task's standard input when omitted. */
  input?: string;
  device?: string;
  gpu?: string;
  dtype?: string;
  /** Parameters after `--`, over the standard input's. */
  extraParams: Record<string, unknown>;
  runs: number;
  warmup: number;
}

/**
 * Benchmarks one model, measuring each part on its own: the device is found and the model's files
 * made present first (not counted), then the pipeline load, the first inference, `warmup`
 * unmeasured runs, and `runs` measured ones; resident memory before and after loading and at its
 * peak, and the GPU memory the process holds when a GPU is used. Inference runs the pipeline alone:
 * no input decoding and no output writing.
 */
export async function runModelBenchmark(
  params: RunModelBenchmarkParams,
  context: CommandContext,
): Promise<BenchmarkResult> {
  const { resolveTask } = await import("@hftool/core");
  const task = resolveTask(params.task);
  const standard = standardInput(task);
  const options: RunTaskOptions = {
    task: task.name,
    input: params.input ?? standard.input,
    ...(params.model !== undefined ? { model: params.model } : {}),
    ...(params.device !== undefined ? { device: params.device } : {}),
    ...(params.gpu !== undefined ? { gpu: params.gpu } : {}),
    ...(params.dtype !== undefined ? { dtype: params.dtype } : {}),
    // the same seed every run: sampling tasks then do the same work each time
    ...(task.params.some((p) => p.name === "seed") ? { seed: 0 } : {}),
    extraParams: { ...(params.input === undefined ? standard.params : {}), ...params.extraParams },
    metadata: false,
    dryRun: false,
  };
  const time = new Date().toISOString();
  const plan = await planRun(options, context);
  const item = await prepareRunItem(plan, { input: options.input, output: "-" }, context);
  const rssBefore = process.memoryUsage().rss;
  const gpuBefore = plan.device === "cpu" ? undefined : await readGpuMemory();
  const loaded = await loadRunPipeline(plan, context);
  const rssAfterLoad = process.memoryUsage().rss;
  const input = pipelineInputOf(item);
  const run = async () => {
    const t = performance.now();
    await loaded.pipeline.run(input, { params: item.params, signal: context.signal });
    return performance.now() - t;
  };
  const spinner = await startSpinner(context, "First inference…");
  const samples: number[] = [];
  let first: number;
  try {
    first = await run();
    for (let i = 0; i < params.warmup; i++) {
      spinner.update(`Warming up ${i + 1}/${params.warmup}…`);
      await run();
    }
    for (let i = 0; i < params.runs; i++) {
      spinner.update(`Measuring ${i + 1}/${params.runs}…`);
      samples.push(await run());
    }
  } catch (error) {
    spinner.stop();
    await loaded.pipeline.dispose().catch(() => {});
    throw error;
  }
  spinner.stop();
  // what the process holds; where the driver cannot see this process, what the GPU gained
  const gpuAfter = loaded.device.device === "cpu" ? undefined : await readGpuMemory();
  const gpu =
    gpuAfter?.processBytes ??
    (gpuAfter && gpuBefore ? Math.max(0, gpuAfter.deviceUsedBytes - gpuBefore.deviceUsedBytes) : undefined);
  await loaded.pipeline.dispose().catch(() => {});
  const ort = await plan.inference
    .loadOnnxRuntime()
    .then((o) => {
      const versions = (o.env as { versions?: { node?: string; common?: string } }).versions;
      return versions?.node ?? versions?.common;
    })
    .catch(() => undefined);
  const cpu = cpus();
  return {
    time,
    hftoolVersion: VERSION,
    task: task.name,
    model: loaded.ensured.id,
    ...(loaded.ensured.revision ? { revision: loaded.ensured.revision } : {}),
    ...(loaded.ensured.commit ? { commit: loaded.ensured.commit } : {}),
    device: loaded.deviceLabel,
    deviceRequested: loaded.device.requested,
    executionProviders: loaded.device.executionProviders.map((p) => (typeof p === "string" ? p : p.name)),
    dtype: loaded.pipeline.dtype,
    input: params.input ?? standard.label,
    params: item.params,
    runs: params.runs,
    warmup: params.warmup,
    loadMs: loaded.timings.load!,
    firstInferenceMs: first,
    inferenceMs: summarizeTimings(samples),
    // maxRSS is in kibibytes
    rssBytes: {
      beforeLoad: rssBefore,
      afterLoad: rssAfterLoad,
      peak: Math.max(process.resourceUsage().maxRSS * 1024, rssAfterLoad),
    },
    ...(gpu !== undefined ? { gpuMemoryBytes: gpu } : {}),
    system: {
      platform: process.platform,
      arch: process.arch,
      cpu: cpu[0]?.model.trim() ?? "unknown",
      cpus: cpu.length,
      node: process.version,
      ...(ort ? { onnxruntime: ort } : {}),
    },
    success: true,
  };
}
