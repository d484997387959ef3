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

/** What a progress line shows, read from a `progress` event of `downloadSnapshot`. */
export function progressBytes(event: unknown): {
  done?: number;
  total?: number;
  bytesPerSecond?: number;
  etaSeconds?: number;
} {
  if (typeof event !== "object" || event === null) return {};
  const e = event as Record<string, unknown>;
  if (e.type !== "progress") return {};
  const num = (key: string) =>
    typeof e[key] === "number" && Number.isFinite(e[key]) ? (e[key] as number) : undefined;
  // `bytes`: done over all files to fetch (resumed + fetched), of `totalBytes`
  const fields = {
    done: num("bytes"),
    total: num("totalBytes"),
    bytesPerSecond: num("bytesPerSecond"),
    etaSeconds: num("etaSeconds"),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
