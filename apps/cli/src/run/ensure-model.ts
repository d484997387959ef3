import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import {
  formatBytes,
  HftoolError,
  modelLicenseNotice,
  type ResolvedModel,
  type TaskDefinition,
} from "@hftool/core";
import type { ModelFileSelection } from "@hftool/inference";
import type { CommandContext } from "../context.js";
import { formatDownloadProgress } from "../ui/format-download-progress.js";
import { startSpinner } from "../ui/spinner.js";
import { loadDownloadApi, progressBytes } from "./download-api.js";

/** Where models come from. */
export interface HubSettings {
  /** Hub or mirror URL. */
  endpoint: string;
  /** Hugging Face cache folder. */
  cacheDir: string;
  /** Token to send; `false` sends none. @default what @hftool/download finds (HF_TOKEN, the token file) */
  token?: string | false;
  /** Never touch the network. */
  offline: boolean;
}

/** Parameters of {@link ensureModel}. */
export interface EnsureModelParams {
  model: ResolvedModel;
  task: TaskDefinition;
  /** `auto` or a dtype. */
  dtype: string;
  hub: HubSettings;
  context: CommandContext;
  /** Ask before downloading (on a terminal; without one, -y or auto_download is needed). */
  confirm: boolean;
}

/** A model folder ready to load. */
export interface EnsuredModel {
  /** Folder laid out like the repo (a cache snapshot, or the user's folder). */
  dir: string;
  source: "local" | "cache" | "download";
  /** How the model is named in metadata: repo id, or the local folder. */
  id: string;
  repo?: string;
  revision?: string;
  commit?: string;
  selection: ModelFileSelection;
  bytesDownloaded: number;
}

function complete(dir: string, selection: ModelFileSelection): boolean {
  return selection.files.every((file) => existsSync(join(dir, file)));
}

/**
 * Makes sure the files a task needs from a model are on disk, and says where: a local folder is
 * used as it is; a Hub model is taken from the cache when every needed file is there, else its
 * file list is fetched, only the chosen variant's files are downloaded through @hftool/download
 * (size shown and confirmed first, with a progress line), and the snapshot folder is returned.
 * This is the one place that wires the run command to downloads.
 */
export async function ensureModel(params: EnsureModelParams): Promise<EnsuredModel> {
  const { model, task, dtype, hub, context } = params;
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
    return { dir: model.path, source: "local", id: model.path, selection, bytesDownloaded: 0 };
  }

  const { repo, revision } = model;
  const download = await loadDownloadApi();
  const cached = await download.findCachedSnapshot({ repo, revision, cacheDir: hub.cacheDir });
  let cachedSelection: ModelFileSelection | undefined;
  if (cached) {
    try {
      cachedSelection = select(await listModelFolder({ dir: cached }), repo);
    } catch {
      cachedSelection = undefined; // an incomplete snapshot: ask the Hub
    }
    // a variant missing from the cache may exist on the Hub: only settle for a fallback offline
    if (
      cachedSelection &&
      complete(cached, cachedSelection) &&
      (!cachedSelection.fallbackNotice || hub.offline)
    ) {
      return {
        dir: cached,
        source: "cache",
        id: repo,
        repo,
        revision,
        commit: basename(cached),
        selection: cachedSelection,
        bytesDownloaded: 0,
      };
    }
  }
  if (hub.offline) {
    if (cached && cachedSelection && complete(cached, cachedSelection)) {
      return {
        dir: cached,
        source: "cache",
        id: repo,
        repo,
        revision,
        commit: basename(cached),
        selection: cachedSelection,
        bytesDownloaded: 0,
      };
    }
    throw new HftoolError(
      "MODEL_NOT_CACHED",
      `${repo} is not in the cache (${hub.cacheDir}), and hftool is offline.`,
      {
        hint: `Download it while online (hftool download -m ${repo}), or unset HF_HUB_OFFLINE.`,
        details: { repo, cacheDir: hub.cacheDir },
      },
    );
  }

  const listing = await download.listRepoFiles({
    repo,
    revision,
    endpoint: hub.endpoint,
    cacheDir: hub.cacheDir,
    offline: false,
    ...(hub.token !== undefined ? { token: hub.token } : {}),
  });
  const selection = select(listing.files, repo);
  const size = selection.sizeBytes !== undefined ? formatBytes(selection.sizeBytes) : "unknown size";
  const what = `${repo} (${size}, ${selection.dtype})`;
  // a license that forbids commercial use, or a gated repo, is said before anything is fetched
  const license = model.kind === "registry" ? modelLicenseNotice(model.entry) : undefined;
  if (license) context.out.warn(license);
  if (params.confirm) {
    const yes = await context.confirm(`Download ${what} into ${hub.cacheDir}?`, {
      default: true,
      nonInteractiveHint: `Pass -y, set HFTOOL_AUTO_DOWNLOAD=1, or fetch it first with hftool download -m ${repo}.`,
    });
    if (!yes) {
      throw new HftoolError("DOWNLOAD_DECLINED", `Not downloading ${repo}; nothing was run.`, {
        hint: "Pick a model that is already downloaded (hftool models -d), or a local folder with -m.",
      });
    }
  } else {
    context.out.info(`Downloading ${what}`);
  }

  const spinner = await startSpinner(context, `Downloading ${repo}…`);
  let result;
  try {
    result = await download.downloadSnapshot({
      repo,
      revision,
      cacheDir: hub.cacheDir,
      endpoint: hub.endpoint,
      offline: false,
      include: selection.include.map(download.escapeGlob),
      signal: context.signal,
      ...(hub.token !== undefined ? { token: hub.token } : {}),
      onProgress: (event) => {
        const progress = progressBytes(event);
        if (progress.done === undefined) return;
        spinner.update(
          formatDownloadProgress({
            label: repo,
            ...progress,
            done: progress.done,
            total: progress.total ?? selection.sizeBytes,
          }),
        );
      },
    });
  } catch (error) {
    spinner.stop();
    throw error;
  }
  spinner.succeed(
    result.bytesDownloaded > 0
      ? `Downloaded ${repo} (${formatBytes(result.bytesDownloaded)})`
      : `${repo} was already in the cache`,
  );
  if (!complete(result.snapshotPath, selection)) {
    const missing = selection.files.filter((f) => !existsSync(join(result.snapshotPath, f)));
    throw new HftoolError("DOWNLOAD_INCOMPLETE", `The download of ${repo} lacks ${missing.join(", ")}.`, {
      hint: `Try again; if it persists, run hftool download -m ${repo} --force.`,
    });
  }
  return {
    dir: result.snapshotPath,
    source: "download",
    id: repo,
    repo,
    revision,
    commit: result.commit,
    selection,
    bytesDownloaded: result.bytesDownloaded,
  };
}
