import { HftoolError } from "@hftool/core";

/**
 * The part of `@hftool/download` that running a model needs. Declared here, and the module
 * imported lazily, so `hftool --help` never loads it and this file is the one place that knows
 * its shape.
 */
export interface DownloadApi {
  listRepoFiles(params: {
    repo: string;
    revision?: string;
    endpoint?: string;
    /** `false`: send none. @default HF_TOKEN, else the token file */
    token?: string | false;
    cacheDir?: string;
    offline?: boolean;
  }): Promise<{ repo: string; revision: string; commit: string; files: { path: string; size: number }[] }>;
  downloadSnapshot(params: {
    repo: string;
    revision?: string;
    cacheDir?: string;
    endpoint?: string;
    token?: string | false;
    include?: string[];
    offline?: boolean;
    signal?: AbortSignal;
    onProgress?: (event: unknown) => void;
  }): Promise<{
    repo: string;
    revision: string;
    commit: string;
    snapshotPath: string;
    files: { path: string; size: number; cached: boolean }[];
    bytesDownloaded: number;
  }>;
  findCachedSnapshot(params: {
    repo: string;
    revision?: string;
    cacheDir?: string;
  }): Promise<string | undefined>;
  createHubServer(params: {
    repos?: Record<string, string>;
    cacheDir?: string;
    host?: string;
    port?: number;
  }): Promise<{ url: string; close(): Promise<void> }>;
}

let api: Promise<DownloadApi> | undefined;

/**
 * Imports `@hftool/download`.
 *
 * @throws {HftoolError} `DOWNLOAD_UNAVAILABLE` when the installed version lacks what is needed.
 */
export function loadDownloadApi(): Promise<DownloadApi> {
  api ??= import("@hftool/download").then((module) => {
    const candidate = module as unknown as Partial<DownloadApi>;
    const needed = ["listRepoFiles", "downloadSnapshot", "findCachedSnapshot", "createHubServer"] as const;
    const missing = needed.filter((name) => typeof candidate[name] !== "function");
    if (missing.length > 0) {
      throw new HftoolError(
        "DOWNLOAD_UNAVAILABLE",
        `This build of hftool cannot fetch models: @hftool/download lacks ${missing.join(", ")}.`,
        {
          hint: "Pass a model folder that is already on disk with -m ./folder, or update hftool.",
        },
      );
    }
    return candidate as DownloadApi;
  });
  return api;
}

/** Reads `{done, total}` bytes from a download progress event. */
export function progressBytes(event: unknown): { done?: number; total?: number; file?: string } {
  if (typeof event !== "object" || event === null) return {};
  const e = event as Record<string, unknown>;
  const num = (...keys: string[]) => {
    for (const key of keys)
      if (typeof e[key] === "number" && Number.isFinite(e[key])) return e[key] as number;
    return undefined;
  };
  if (e.type !== undefined && e.type !== "progress") return {};
  // @hftool/download's progress events: `bytes` done over all files (resumed + fetched) of `totalBytes`
  const done = num("bytes", "bytesDownloaded", "downloadedBytes", "loaded", "completed");
  const total = num("totalBytes", "bytesTotal", "total", "size");
  const file = typeof e.file === "string" ? e.file : typeof e.path === "string" ? e.path : undefined;
  return {
    ...(done !== undefined ? { done } : {}),
    ...(total !== undefined ? { total } : {}),
    ...(file ? { file } : {}),
  };
}
