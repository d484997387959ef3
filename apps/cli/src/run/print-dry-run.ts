import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { formatBytes, modelLicenseNotice, type ResolvedModel, type TaskDefinition } from "@hftool/core";
import type { ModelFileSelection } from "@hftool/inference";
import type { CommandContext } from "../context.js";
import type { HubSettings } from "./ensure-model.js";
import type { PreparedRunItem, RunPlan } from "./run-task.js";

/** One file a run needs, and whether it is already on disk. */
export interface PlannedModelFile {
  path: string;
  size?: number;
  cached: boolean;
}

/** What a dry run knows about a model's files. */
export interface ModelFilePlan {
  /** `local folder`, `cached`, `download`, `offline, not cached`, or `unknown (why)`. */
  status: string;
  files?: PlannedModelFile[];
  /** Size of every needed file, when known. */
  bytes?: number;
  /** Bytes a run would download (files not in the cache). */
  downloadBytes?: number;
  dtype?: string;
  /** The commit the revision resolves to, when known. */
  commit?: string;
  notice?: string;
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

function complete(dir: string, selection: ModelFileSelection): boolean {
  return selection.files.every((file) => existsSync(join(dir, file)));
}

/**
 * The files a run would use or fetch, each with its size and whether it is cached, without
 * downloading anything: a local folder and a fully cached model are read from disk without any
 * network request; otherwise only the Hub's file list is asked for (none of the files).
 */
export async function planModelFiles(
  model: ResolvedModel,
  task: TaskDefinition,
  dtype: string,
  hub: HubSettings,
): Promise<ModelFilePlan> {
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
  const onDisk = (dir: string, selection: ModelFileSelection, sizes?: Map<string, number>) =>
    selection.files.map((path) => {
      const local = join(dir, path);
      const cached = existsSync(local);
      const size = sizes?.get(path) ?? (cached ? sizeOf(local) : undefined);
      return { path, ...(size !== undefined ? { size } : {}), cached };
    });
  const totals = (files: PlannedModelFile[]) => {
    const known = files.every((f) => f.size !== undefined);
    const sum = (list: PlannedModelFile[]) => list.reduce((n, f) => n + (f.size ?? 0), 0);
    return known ? { bytes: sum(files), downloadBytes: sum(files.filter((f) => !f.cached)) } : {};
  };

  if (model.kind === "local") {
    const selection = select(await listModelFolder({ dir: model.path }), model.path);
    const files = onDisk(model.path, selection);
    return { status: "local folder", files, ...totals(files), dtype: selection.dtype };
  }
  try {
    const { loadDownloadApi } = await import("./download-api.js");
    const download = await loadDownloadApi();
    const cached = await download.findCachedSnapshot({
      repo: model.repo,
      revision: model.revision,
      cacheDir: hub.cacheDir,
    });
    if (cached) {
      // a complete snapshot answers everything without asking the Hub
      try {
        const selection = select(await listModelFolder({ dir: cached }), model.repo);
        if (complete(cached, selection) && (!selection.fallbackNotice || hub.offline)) {
          const files = onDisk(cached, selection);
          return {
            status: "cached",
            files,
            ...totals(files),
            dtype: selection.dtype,
            commit: cached.split(/[\\/]/).pop()!,
            ...(selection.fallbackNotice ? { notice: selection.fallbackNotice } : {}),
          };
        }
      } catch {
        // an incomplete snapshot: the Hub's list says what is missing
      }
    }
    if (hub.offline) {
      return { status: cached ? "offline, partly cached" : "offline, not cached" };
    }
    const listing = await download.listRepoFiles({
      repo: model.repo,
      revision: model.revision,
      endpoint: hub.endpoint,
      cacheDir: hub.cacheDir,
      ...(hub.token !== undefined ? { token: hub.token } : {}),
    });
    const selection = select(listing.files, model.repo);
    const snapshot = await download.findCachedSnapshot({
      repo: model.repo,
      revision: listing.commit,
      cacheDir: hub.cacheDir,
    });
    const sizes = new Map(listing.files.map((f) => [f.path, f.size]));
    const files = snapshot
      ? onDisk(snapshot, selection, sizes)
      : selection.files.map((path) => ({
          path,
          ...(sizes.has(path) ? { size: sizes.get(path)! } : {}),
          cached: false,
        }));
    return {
      status: files.every((f) => f.cached) ? "cached" : "download",
      files,
      ...totals(files),
      dtype: selection.dtype,
      commit: listing.commit,
      ...(selection.fallbackNotice ? { notice: selection.fallbackNotice } : {}),
    };
  } catch (error) {
    return { status: `unknown (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** The device a run would use, found the way a run finds it (a tiny probe session, no model). */
async function planDevice(
  plan: RunPlan,
): Promise<{ device: string; providers: string[]; skipped: string[]; error?: string }> {
  const { resolveDevice } = plan.inference;
  const requested =
    plan.task.name === "voice-activity-detection" && plan.device === "auto" ? "cpu" : plan.device;
  try {
    const resolved = await resolveDevice({
      device: requested,
      ...(plan.gpu !== undefined ? { gpu: plan.gpu } : {}),
    });
    return {
      device: `${resolved.device}${resolved.gpu !== undefined ? `:${resolved.gpu}` : ""}`,
      providers: resolved.executionProviders.map((p) => (typeof p === "string" ? p : p.name)),
      skipped: resolved.skipped.map((s) => `${s.device}: ${s.reason}`),
    };
  } catch (error) {
    return {
      device: requested,
      providers: [],
      skipped: [],
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The whole plan of a run, as `--dry-run --json` prints it. */
export async function describeDryRun(plan: RunPlan, items: readonly PreparedRunItem[]) {
  const { task, model, hub } = plan;
  const [files, device] = await Promise.all([planModelFiles(model, task, plan.dtype, hub), planDevice(plan)]);
  // a non-commercial or gated license is shown before anything would be downloaded
  const license = model.kind === "registry" ? modelLicenseNotice(model.entry) : undefined;
  return {
    dry_run: true,
    task: task.name,
    model: model.kind === "local" ? model.path : model.repo,
    ...(model.kind !== "local"
      ? {
          revision: model.revision,
          ...(files.commit ? { commit: files.commit } : {}),
          cache_dir: hub.cacheDir,
          endpoint: hub.endpoint,
        }
      : {}),
    model_files: files,
    device: device.device,
    device_requested: plan.device,
    execution_providers: device.providers,
    ...(device.skipped.length ? { devices_skipped: device.skipped } : {}),
    ...(device.error ? { device_error: device.error } : {}),
    dtype: files.dtype ?? plan.dtype,
    dtype_requested: plan.dtype,
    ...(license ? { license } : {}),
    items: items.map((item) => ({
      input: item.input.label,
      output: item.target?.path ?? "-",
      format: item.format,
      params: item.params,
    })),
  };
}

/**
 * `--dry-run`: what would run, be downloaded and be written — task, model and revision, each file
 * with its size and whether it is cached, device and execution providers, dtype, output and
 * parameters — without downloading, loading or writing anything.
 */
export async function printDryRun(params: {
  plan: RunPlan;
  item: PreparedRunItem;
  context: CommandContext;
}): Promise<void> {
  const { plan, item, context } = params;
  const summary = await describeDryRun(plan, [item]);
  const { items, ...rest } = summary;
  const out = context.out;
  if (out.json) {
    out.writeJson({ ...rest, ...items[0]! });
    return;
  }
  out.print(out.table(dryRunRows(summary, context)));
  out.print(
    out.table([
      ["Input", items[0]!.input],
      ["Output", `${items[0]!.output} (${items[0]!.format})`],
      ["Params", Object.keys(items[0]!.params).length ? JSON.stringify(items[0]!.params) : "(defaults)"],
    ]),
  );
  if (summary.model_files.notice) out.warn(summary.model_files.notice);
  out.info("Dry run: nothing was downloaded, loaded or written.");
}

/** Table rows for the model, files and device of a dry run. */
export function dryRunRows(
  summary: Awaited<ReturnType<typeof describeDryRun>>,
  context: CommandContext,
): string[][] {
  const { c } = context.out;
  const files = summary.model_files;
  const label =
    files.status === "download"
      ? `${files.files?.filter((f) => !f.cached).length ?? "?"} to download${files.downloadBytes !== undefined ? ` (${formatBytes(files.downloadBytes)})` : ""}`
      : files.status;
  return [
    ["Task", summary.task],
    [
      "Model",
      `${summary.model}${"revision" in summary ? `@${summary.revision}` : ""}${"commit" in summary && summary.commit ? c.dim(` (${summary.commit.slice(0, 10)})`) : ""}`,
    ],
    ["Files", `${label}${files.bytes !== undefined ? `, ${formatBytes(files.bytes)} in all` : ""}`],
    ...(files.files ?? []).map((f) => [
      "",
      `${f.cached ? c.green("✓") : c.yellow("↓")} ${f.path}${f.size !== undefined ? c.dim(`  ${formatBytes(f.size)}`) : ""}`,
    ]),
    [
      "Device",
      summary.device_error
        ? c.red(`${summary.device} does not load: ${summary.device_error}`)
        : `${summary.device} (${summary.execution_providers.join(", ")})${summary.device_requested === "auto" ? c.dim(" auto") : ""}`,
    ],
    ["Dtype", summary.dtype],
    ...("license" in summary && summary.license ? [["License", String(summary.license)]] : []),
    ...("cache_dir" in summary ? [["Cache", String(summary.cache_dir)]] : []),
  ];
}
