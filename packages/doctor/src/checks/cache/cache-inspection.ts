/** A download that stopped before its blob was complete. */
export interface PartialDownload {
  /** `org/name`. */
  repo: string;
  path: string;
  bytes: number;
  modifiedAt: string;
}

/** A snapshot entry whose blob is gone. */
export interface DanglingLink {
  repo: string;
  path: string;
  target: string;
}

/** A blob whose content does not match its name (its sha256). */
export interface CorruptBlob {
  repo: string;
  path: string;
  expected: string;
  actual: string;
}

/** A lock left by a process that is gone or stopped refreshing it. */
export interface StaleLock {
  path: string;
  pid?: number;
  host?: string;
  ageMs: number;
  reason: "process-gone" | "no-heartbeat";
}

/** What a look at the model cache found. */
export interface CacheInspection {
  cacheDir: string;
  exists: boolean;
  /** Repos in the cache, with their blob bytes. */
  repos: { repo: string; bytes: number }[];
  partials: PartialDownload[];
  danglingLinks: DanglingLink[];
  staleLocks: StaleLock[];
  corruptBlobs: CorruptBlob[];
  /** Whether blob contents were hashed; when false, `corruptBlobs` is empty by omission. */
  hashesChecked: boolean;
}

/** Parameters of an {@link InspectCache} function. */
export interface InspectCacheParams {
  cacheDir: string;
  signal: AbortSignal;
  /** This machine's name, to judge lock owners. */
  hostname: string;
  isProcessAlive(pid: number): boolean;
  now: Date;
}

/**
 * Looks at a Hugging Face cache folder. The cache check depends only on this shape, so the
 * inspection can be swapped (the default is @hftool/download's scanner).
 */
export type InspectCache = (params: InspectCacheParams) => Promise<CacheInspection>;
