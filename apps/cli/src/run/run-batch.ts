import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import {
  AbortError,
  ExitCode,
  formatDuration,
  isHftoolError,
  planBatchOutputs,
  readBatchSource,
  UsageError,
  type BatchItem,
} from "@hftool/core";
import type { CommandContext } from "../context.js";
import { formatBatchProgress } from "../ui/format-batch-progress.js";
import { startSpinner } from "../ui/spinner.js";
import { describeResult } from "./print-result.js";
import {
  addToHistory,
  completeHistoryDraft,
  executeRunItem,
  historyDraft,
  loadRunPipeline,
  planRun,
  prepareRunItem,
  recordFailure,
  toJsonResult,
  type LoadedRun,
  type RunItemSpec,
  type RunTaskOptions,
} from "./run-task.js";

/** Options of {@link runBatch}: a run's flags, with the batch's source instead of `-i`. */
export interface RunBatchOptions extends Omit<RunTaskOptions, "input"> {
  /** `--batch FILE|DIR` or `--batch-json FILE`. */
  source: string;
  /** `--batch-json`: the file holds JSON or JSONL entries whatever its extension. */
  structured: boolean;
  /** `--batch-output-dir`. */
  outputDir?: string;
  /** `--skip-existing`: leave items whose output exists alone (resumes a batch). */
  skipExisting: boolean;
}

/** What happened to one item, as `--json` reports it. */
export interface BatchItemOutcome {
  index: number;
  origin: string;
  input: string;
  output: string;
  status: "succeeded" | "failed" | "skipped" | "not run";
  durationMs?: number;
  error?: { code: string; message: string };
  result?: Record<string, unknown>;
}

/** A per-entry `seed` becomes the item's seed (so history and metadata show it); the rest stay parameters. */
function itemSpec(item: BatchItem, output: string, protectedPaths: readonly string[]): RunItemSpec {
  const { seed, ...rest } = item.params ?? {};
  const validSeed = typeof seed === "number" && Number.isSafeInteger(seed);
  // a seed that is not a whole number goes to the pipeline as given, which says what is wrong
  const extra = validSeed || seed === undefined ? rest : { ...rest, seed };
  return {
    input: item.input,
    output,
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
    ...(validSeed ? { seed: seed as number } : {}),
    protectedPaths,
  };
}

/**
 * `hftool -t TASK --batch FILE|DIR` / `--batch-json FILE`: reads every entry first (a bad line
 * fails before anything loads), names each output (never over an input), loads the model once, and
 * runs the entries one after another with a progress bar. A failing entry is recorded and the
 * batch goes on; the exit code is 1 when any entry failed. Every entry goes into the history.
 */
export async function runBatch(options: RunBatchOptions, context: CommandContext): Promise<number> {
  const out = context.out;
  if (options.output !== undefined) {
    throw new UsageError("-o names one output; a batch writes one per entry.", {
      hint: "Use --batch-output-dir DIR, or give entries their own 'output' in a JSON batch.",
    });
  }
  const started = performance.now();
  const plan = await planRun({ ...options, input: "" }, context);
  const { task } = plan;
  const items = await readBatchSource({
    source: options.source,
    inputKind: task.input,
    cwd: context.cwd,
    structured: options.structured,
  });
  const format = (options.format ?? task.defaultExtension).replace(/^\./, "").toLowerCase();
  if (!task.formats.includes(format)) {
    throw new UsageError(
      `${task.name} cannot write '${format}' files: it writes ${task.formats.join(", ")}.`,
    );
  }
  const fileInputs = task.input !== "text";
  const outputDir =
    options.outputDir !== undefined
      ? resolve(context.cwd, options.outputDir)
      : fileInputs
        ? undefined
        : plan.config.paths.outputDir;
  const outputs = planBatchOutputs({
    items,
    ...(outputDir !== undefined ? { outputDir } : {}),
    extension: `.${format}`,
    prefix: task.name,
    fileInputs,
  });
  const inputPaths = fileInputs
    ? items.filter((i) => !/^https?:\/\//i.test(i.input)).map((i) => i.input)
    : [];
  const outcomes: BatchItemOutcome[] = items.map((item, index) => ({
    index: index + 1,
    origin: item.origin,
    input: item.input,
    output: outputs[index]!,
    status: "not run",
  }));

  const existing = outcomes.filter((o) => existsSync(o.output));
  if (options.skipExisting) {
    for (const o of existing) o.status = "skipped";
  }

  if (options.dryRun) {
    const { describeDryRun, dryRunRows } = await import("./print-dry-run.js");
    const prepared = [];
    for (const [index, item] of items.entries()) {
      prepared.push(await prepareRunItem(plan, itemSpec(item, outputs[index]!, inputPaths), context));
    }
    const summary = await describeDryRun(plan, prepared);
    if (out.json) {
      out.writeJson({
        ...summary,
        items: summary.items.map((entry, i) => ({
          ...entry,
          origin: items[i]!.origin,
          skip: outcomes[i]!.status === "skipped",
        })),
      });
      return 0;
    }
    out.print(out.table(dryRunRows(summary, context)));
    out.print();
    out.print(
      out.table(
        summary.items.map((entry, i) => [
          out.c.dim(items[i]!.origin),
          entry.input.length > 40 ? `${entry.input.slice(0, 39)}…` : entry.input,
          `→ ${relative(context.cwd, entry.output) || entry.output}`,
          outcomes[i]!.status === "skipped" ? out.c.dim("(exists, skipped)") : "",
          Object.keys(items[i]!.params ?? {}).length ? out.c.dim(JSON.stringify(items[i]!.params)) : "",
        ]),
      ),
    );
    out.info(`Dry run: ${items.length} entries; nothing was downloaded, loaded or written.`);
    return 0;
  }

  if (!options.skipExisting && existing.length > 0) {
    const what =
      existing.length === 1 ? "1 output already exists" : `${existing.length} outputs already exist`;
    if (context.interactive && context.args.yes !== true && !out.json) {
      const replace = await context.confirm(`${what}. Replace them?`, { default: true });
      if (!replace) {
        out.info("Nothing was run. Pass --skip-existing to run only the entries without an output.");
        return 0;
      }
    } else if (context.args.yes !== true) {
      out.warn(`${what}; replacing them (pass --skip-existing to resume instead).`);
    }
  }

  const todo = outcomes.filter((o) => o.status !== "skipped");
  if (todo.length === 0) {
    out.info(`All ${items.length} outputs exist; nothing to run.`);
  }
  let loaded: LoadedRun | undefined;
  let interrupted = false;
  if (todo.length > 0) {
    out.info(
      `Batch: ${items.length} entr${items.length === 1 ? "y" : "ies"} from ${options.source}${existing.length && options.skipExisting ? ` (${existing.length} skipped: output exists)` : ""}`,
    );
    loaded = await loadRunPipeline(plan, context);
    const bar = await startSpinner(context, "");
    let finished = outcomes.length - todo.length;
    let failed = 0;
    let runMs = 0;
    let ran = 0;
    const render = (current?: string) =>
      bar.update(
        formatBatchProgress({
          done: finished,
          total: outcomes.length,
          failed,
          ...(ran > 0 ? { etaSeconds: ((runMs / ran) * (outcomes.length - finished)) / 1000 } : {}),
          ...(current ? { current } : {}),
        }),
      );
    try {
      for (const outcome of todo) {
        if (context.signal.aborted) {
          interrupted = true;
          break;
        }
        const item = items[outcome.index - 1]!;
        const spec = itemSpec(item, outcome.output, inputPaths);
        const itemStarted = performance.now();
        const draft = historyDraft(plan, spec, context, "batch");
        render(item.origin);
        try {
          const prepared = await prepareRunItem(plan, spec, context, itemStarted);
          draft.params = prepared.params;
          const done = await executeRunItem(loaded, prepared, context, (stage) =>
            render(`${item.origin} · ${stage}`),
          );
          completeHistoryDraft(draft, loaded, done);
          const durationMs = performance.now() - itemStarted;
          await addToHistory(draft, { success: true, durationMs }, context);
          Object.assign(outcome, {
            status: "succeeded",
            durationMs: Math.round(durationMs),
            result: toJsonResult(
              done.result,
              plan.inference.visionResultToJson,
              plan.inference.textResultToJson,
            ),
          });
          runMs += durationMs;
          ran++;
          if (out.quiet) out.result(outcome.output);
          bar.log(
            `${out.ce.green("✓")} ${out.ce.dim(`[${outcome.index}/${outcomes.length}]`)} ${item.origin} → ${relative(context.cwd, outcome.output) || outcome.output} ${out.ce.dim(`(${describeResult(done.result)}, ${formatDuration(durationMs / 1000)})`)}`,
          );
        } catch (error) {
          completeHistoryDraft(draft, loaded);
          await recordFailure(draft, error, itemStarted, context);
          const failure = isHftoolError(error)
            ? { code: error.code, message: error.message }
            : { code: "UNEXPECTED", message: error instanceof Error ? error.message : String(error) };
          if (context.signal.aborted) {
            interrupted = true;
            Object.assign(outcome, { status: "failed", error: { code: "ABORTED", message: "Interrupted." } });
            failed++;
            finished++;
            break;
          }
          Object.assign(outcome, {
            status: "failed",
            durationMs: Math.round(performance.now() - itemStarted),
            error: failure,
          });
          failed++;
          bar.log(
            `${out.ce.red("✗")} ${out.ce.dim(`[${outcome.index}/${outcomes.length}]`)} ${item.origin}: ${failure.message}`,
          );
          if (out.json || out.quiet) out.warn(`${item.origin}: ${failure.message}`);
        }
        finished++;
        render();
      }
    } finally {
      bar.stop();
      await loaded.pipeline.dispose().catch(() => {});
    }
  }

  const count = (status: BatchItemOutcome["status"]) => outcomes.filter((o) => o.status === status).length;
  const succeeded = count("succeeded");
  const failedCount = count("failed");
  const skipped = count("skipped");
  const notRun = count("not run");
  const elapsed = performance.now() - started;
  if (out.json) {
    out.writeJson({
      success: failedCount === 0 && !interrupted,
      batch: options.source,
      task: task.name,
      model: loaded?.ensured.id ?? (plan.model.kind === "local" ? plan.model.path : plan.model.repo),
      ...(loaded ? { device: loaded.deviceLabel, dtype: loaded.pipeline.dtype } : {}),
      total: outcomes.length,
      succeeded,
      failed: failedCount,
      skipped,
      ...(notRun > 0 ? { not_run: notRun } : {}),
      duration_ms: Math.round(elapsed),
      results: outcomes.map((o) => ({
        index: o.index,
        origin: o.origin,
        input: o.input,
        output: o.output,
        status: o.status,
        success: o.status === "succeeded" || o.status === "skipped",
        ...(o.durationMs !== undefined ? { duration_ms: o.durationMs } : {}),
        ...(o.error ? { error: o.error } : {}),
        ...(o.result ? { result: o.result } : {}),
      })),
    });
  } else {
    const parts = [`${succeeded} succeeded`];
    if (failedCount) parts.push(out.ce.red(`${failedCount} failed`));
    if (skipped) parts.push(`${skipped} skipped`);
    if (notRun) parts.push(`${notRun} not run`);
    const line = `Batch ${interrupted ? "interrupted" : "done"}: ${parts.join(", ")} of ${outcomes.length} in ${formatDuration(elapsed / 1000)}`;
    if (failedCount === 0 && !interrupted) out.success(line);
    else {
      out.info(line);
      for (const o of outcomes.filter((x) => x.status === "failed"))
        out.info(`  ${out.ce.red("✗")} ${o.origin}: ${o.error?.message ?? "failed"}`);
      if (failedCount > 0) out.info(out.ce.dim("  Details of each failure: hftool history --failed"));
    }
  }
  if (interrupted && out.json) return ExitCode.Interrupted;
  if (interrupted)
    throw new AbortError("Interrupted: the batch stopped; run it again with --skip-existing to finish it.");
  return failedCount > 0 ? 1 : 0;
}
