import {
  DTYPES,
  formatBytes,
  formatDuration,
  modelLicenseNotice,
  resolveTask,
  UsageError,
  type Dtype,
  type HftoolConfig,
} from "@hftool/core";
import type { DownloadSnapshotResult } from "@hftool/download";
import { progressBarsOff } from "../context.js";
import { warnIfModelCannotRunHere } from "../hub/warn-if-model-cannot-run-here.js";
import { hubSettings } from "../hub/hub-settings.js";
import { resolveDownloadTargets, type ModelTarget } from "../hub/resolve-targets.js";
import { excludeOtherDtypes } from "../hub/select-dtype.js";
import type { CommandHandler } from "../spec/types.js";
import { DownloadProgress, type ProgressMode } from "../ui/download-progress.js";
import type { Output } from "../ui/output.js";

function strings(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String).filter((s) => s.trim() !== "");
}

/** The variant to fetch: --dtype, else the task's or global config, else the registry's default. */
function dtypeFor(target: ModelTarget, flag: string | undefined, config: HftoolConfig): Dtype | undefined {
  if (flag && flag !== "auto") return flag as Dtype;
  if (!target.entry) return undefined; // any other repo: everything, unless --dtype says otherwise
  const fromTask = config.task(target.entry.task).dtype;
  if (fromTask && fromTask !== "auto") return fromTask as Dtype;
  if (config.defaults.dtype !== "auto") return config.defaults.dtype as Dtype;
  return target.entry.defaultDtype ?? "fp32";
}

/** `hftool download`: fetch models into the cache with progress, resume and verification. */
const download: CommandHandler = async (args, context) => {
  const { out } = context;
  const config = context.config();
  const settings = hubSettings(context);
  const names = [...strings(args.models), ...strings(args.model)];
  const targets = resolveDownloadTargets({
    names,
    task: typeof args.task === "string" ? args.task : undefined,
    all: args.all === true,
    aliases: config.aliases,
  });
  const include = strings(args.include);
  const exclude = strings(args.exclude);
  const dryRun = args["dry-run"] === true;
  const maxWorkers = typeof args["max-workers"] === "number" ? args["max-workers"] : settings.maxWorkers;
  if (!Number.isInteger(maxWorkers) || maxWorkers < 1 || maxWorkers > 64) {
    throw new UsageError(
      `--max-workers must be a whole number from 1 to 64, not ${String(args["max-workers"])}.`,
    );
  }
  const dtypeFlag = typeof args.dtype === "string" ? args.dtype : undefined;
  if (dtypeFlag && dtypeFlag !== "auto" && !(DTYPES as readonly string[]).includes(dtypeFlag)) {
    throw new UsageError(`Unknown --dtype '${dtypeFlag}'.`, {
      hint: `Use auto or one of: ${DTYPES.join(", ")}.`,
    });
  }
  const revisionFlag = typeof args.revision === "string" ? args.revision : undefined;
  if (revisionFlag && targets.length > 1) {
    throw new UsageError(
      "--revision applies to one model; name a single model, or use name@revision for each.",
    );
  }

  if (targets.length > 1 && !dryRun && args.all === true) {
    const approx = targets.reduce((n, t) => n + (t.entry?.sizeBytes ?? 0), 0);
    const ok = await context.confirm(`Download ${targets.length} models (about ${formatBytes(approx)})?`, {
      nonInteractiveHint: "Pass -y to download them all, or --dry-run to see the list first.",
    });
    if (!ok) return 1;
  }

  const mode: ProgressMode = out.json
    ? "json"
    : out.quiet || dryRun
      ? "none"
      : out.stderr.isTTY && (out.stderr.columns ?? 0) > 0 && !progressBarsOff(context.env)
        ? "tty"
        : "plain";
  const { downloadSnapshot, listRepoFiles, escapeGlob } = await import("@hftool/download");
  const results: (DownloadSnapshotResult & { label: string })[] = [];
  for (const target of targets) {
    const revision = revisionFlag ?? target.revision ?? "main";
    const common = {
      repo: target.repo,
      revision,
      cacheDir: settings.cacheDir,
      endpoint: settings.endpoint,
      offline: settings.offline,
      env: context.env,
      signal: context.signal,
      ...(typeof args.token === "string" ? { token: args.token } : {}),
    };
    // a license that forbids commercial use, or a gated repo, is said before anything is fetched
    const license = target.entry ? modelLicenseNotice(target.entry) : undefined;
    if (license) out.warn(license);
    if (target.entry && !dryRun) await warnIfModelCannotRunHere(target.entry, out);
    // Unless the user picked files themselves: for a model of a known task, exactly the files that
    // task reads (the same choice a run makes, so a run after it downloads nothing); for any other
    // repo, one weight variant.
    let dtypeExclude: string[] = [];
    let taskInclude: string[] = [];
    const dtype = include.length === 0 ? dtypeFor(target, dtypeFlag, config) : undefined;
    const named =
      target.entry?.task ?? (typeof args.task === "string" ? resolveTask(args.task).name : undefined);
    // one diffusers repo serves text-to-image and image-to-image: fetch what both read (the VAE encoder too)
    const task = named === "text-to-image" ? "image-to-image" : named;
    if (include.length === 0 && task) {
      const { selectModelFiles } = await import("@hftool/inference");
      const selection = selectModelFiles({
        task,
        files: (await listRepoFiles(common)).files,
        dtype: dtype ?? "auto",
        model: target.repo,
        ...(target.entry?.defaultDtype ? { defaultDtype: target.entry.defaultDtype } : {}),
      });
      // a run falls back to another variant; a download asked for one variant fetches that or nothing
      if (
        dtypeFlag &&
        dtypeFlag !== "auto" &&
        selection.dtype !== dtypeFlag &&
        selection.availableDtypes.length > 1
      ) {
        throw new UsageError(`'${target.repo}' has no ${dtypeFlag} weights.`, {
          hint: `Pick one of: ${selection.availableDtypes.join(", ")} (--dtype).`,
        });
      }
      if (selection.fallbackNotice) out.warn(selection.fallbackNotice);
      taskInclude = selection.include;
      out.debug(`${target.repo}: the ${selection.dtype} files ${task} reads: ${selection.files.join(", ")}`);
    } else if (dtype) {
      const listing = await listRepoFiles(common);
      dtypeExclude = excludeOtherDtypes(listing.files, dtype, target.repo).map(escapeGlob);
      if (dtypeExclude.length > 0) out.debug(`${target.repo}: fetching the ${dtype} weights only`);
    }
    const progress = new DownloadProgress(out, mode);
    let result: DownloadSnapshotResult;
    try {
      result = await downloadSnapshot({
        ...common,
        include: [...include, ...taskInclude],
        exclude: [...exclude, ...dtypeExclude],
        force: args.force === true,
        resume: args.resume !== false,
        maxWorkers,
        dryRun,
        onProgress: progress.onEvent,
      });
    } finally {
      progress.close();
    }
    results.push({ ...result, label: target.label });
    if (mode === "json") continue;
    if (dryRun) {
      printPlan(context.out, result);
      continue;
    }
    const seconds = result.elapsedMs / 1000;
    const rate =
      result.bytesDownloaded > 0 && seconds > 0 ? `, ${formatBytes(result.bytesDownloaded / seconds)}/s` : "";
    out.success(
      result.bytesDownloaded > 0
        ? `${target.label}: downloaded ${formatBytes(result.bytesDownloaded)} in ${formatDuration(seconds)}${rate}${result.resumedBytes > 0 ? ` (${formatBytes(result.resumedBytes)} resumed)` : ""}, all files verified.`
        : `${target.label}: already in the cache (${result.files.length} file${result.files.length === 1 ? "" : "s"}, ${formatBytes(result.totalBytes)}).`,
    );
    out.result(result.snapshotPath);
  }
  if (mode === "json") {
    out.stdout.write(
      `${JSON.stringify({
        type: "result",
        success: true,
        dryRun,
        downloads: results.map((r) => ({
          model: r.label,
          repo: r.repo,
          revision: r.revision,
          commit: r.commit,
          snapshotPath: r.snapshotPath,
          bytesDownloaded: r.bytesDownloaded,
          resumedBytes: r.resumedBytes,
          totalBytes: r.totalBytes,
          fromCache: r.fromCache,
          files: r.files.map((f) => ({
            path: f.path,
            size: f.size,
            cached: f.cached,
            resumedBytes: f.resumedBytes,
          })),
        })),
      })}\n`,
    );
  }
};

function printPlan(out: Output, result: DownloadSnapshotResult): void {
  const { c } = out;
  const rows = result.files.map((f) => [
    f.path,
    formatBytes(f.size),
    f.cached
      ? c.green("cached")
      : f.resumedBytes > 0
        ? c.yellow(`partial ${Math.floor((f.resumedBytes / f.size) * 100)}%`)
        : "download",
  ]);
  const toFetch = result.files.filter((f) => !f.cached);
  const bytes = toFetch.reduce((n, f) => n + f.size - f.resumedBytes, 0);
  out.print(`${c.bold(result.repo)} ${c.dim(`${result.revision} → ${result.commit.slice(0, 10)}`)}`);
  out.print(out.table(rows, { indent: 2 }));
  out.print(
    c.dim(
      `  ${result.files.length} files, ${formatBytes(result.totalBytes)}; would download ${toFetch.length} (${formatBytes(bytes)}) into ${result.snapshotPath}`,
    ),
  );
}

export default download;
