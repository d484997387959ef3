import { formatBytes, HftoolError, type HftoolErrorOptions } from "@hftool/core";

/** What a Hub error knows about the request that failed. */
export interface HubErrorContext {
  /** Repo id (`org/name`). */
  repo?: string;
  /** Branch, tag or commit that was asked for. */
  revision?: string;
  /** File path inside the repo. */
  file?: string;
  /** The URL that answered. Never contains a token. */
  url?: string;
  /** HTTP status. */
  status?: number;
  /** The server's `X-Error-Code` header. */
  serverCode?: string;
  /** The server's own message (`X-Error-Message` or the JSON body's `error`). */
  serverMessage?: string;
}

function details(context: HubErrorContext, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries({ ...context, ...extra }))
    if (value !== undefined) out[key] = value;
  return out;
}

/**
 * A request to the Hub (or a mirror) failed in a way that retrying will not fix. Subclasses name
 * the common cases; this base class covers any other HTTP error.
 */
export class HubError extends HftoolError {
  readonly repo: string | undefined;
  readonly revision: string | undefined;
  readonly file: string | undefined;
  readonly url: string | undefined;
  readonly status: number | undefined;
  readonly serverCode: string | undefined;
  constructor(code: string, message: string, context: HubErrorContext, options: HftoolErrorOptions = {}) {
    super(code, message, { ...options, details: details(context, options.details) });
    this.name = "HubError";
    this.repo = context.repo;
    this.revision = context.revision;
    this.file = context.file;
    this.url = context.url;
    this.status = context.status;
    this.serverCode = context.serverCode;
  }
}

/** The repo does not exist, or it is private and the token cannot see it. */
export class RepoNotFoundError extends HubError {
  constructor(context: HubErrorContext & { repo: string; endpoint?: string }) {
    super(
      "REPO_NOT_FOUND",
      `Repository '${context.repo}' was not found on ${context.endpoint ?? "the Hub"}.`,
      context,
      {
        hint: "Check the spelling (org/name). If the repo is private, set HF_TOKEN to a token that can read it.",
      },
    );
    this.name = "RepoNotFoundError";
  }
}

/** The branch, tag or commit does not exist in the repo. */
export class RevisionNotFoundError extends HubError {
  constructor(context: HubErrorContext & { repo: string; revision: string }) {
    super(
      "REVISION_NOT_FOUND",
      `Revision '${context.revision}' does not exist in '${context.repo}'.`,
      context,
      { hint: "Use a branch, tag or commit hash that exists (the default is 'main')." },
    );
    this.name = "RevisionNotFoundError";
  }
}

/** A file the download needs is not in the repo at that revision. */
export class EntryNotFoundError extends HubError {
  constructor(context: HubErrorContext & { repo: string; file: string }) {
    super(
      "ENTRY_NOT_FOUND",
      `'${context.file}' does not exist in '${context.repo}'${context.revision ? ` at revision '${context.revision}'` : ""}.`,
      context,
      {
        hint: "Check the file name, or list the repo's files with a dry run (hftool download -m REPO --dry-run).",
      },
    );
    this.name = "EntryNotFoundError";
  }
}

/** The repo is gated: its license must be accepted on the Hub and a token sent. */
export class GatedRepoError extends HubError {
  constructor(context: HubErrorContext & { repo: string; endpoint?: string; hasToken: boolean }) {
    const page = `${(context.endpoint ?? "https://huggingface.co").replace(/\/+$/, "")}/${context.repo}`;
    super(
      "GATED_REPO",
      context.hasToken
        ? `'${context.repo}' is gated and your token has not been granted access.`
        : `'${context.repo}' is gated: downloading it needs an accepted license and a token.`,
      context,
      {
        hint: context.hasToken
          ? `Accept the license at ${page} with the account that owns the token, then try again.`
          : `Accept the license at ${page}, create a read token at https://huggingface.co/settings/tokens, and set HF_TOKEN to it.`,
      },
    );
    this.name = "GatedRepoError";
  }
}

/** 401/403 that is not about a gated or missing repo: no token, or a token the server refuses. */
export class HubAuthError extends HubError {
  constructor(context: HubErrorContext & { endpoint: string; hasToken: boolean }) {
    super(
      "HUB_UNAUTHORIZED",
      context.hasToken
        ? `${context.endpoint} refused the token (HTTP ${context.status}).`
        : `${context.endpoint} needs a token (HTTP ${context.status}).`,
      context,
      {
        hint: context.hasToken
          ? "Check that HF_TOKEN (or the token file) holds a valid token for this server."
          : "Set HF_TOKEN to a token for this server (or pass --token where the command has one).",
      },
    );
    this.name = "HubAuthError";
  }
}

/** The server could not be reached, or kept failing after every retry. */
export class HubUnavailableError extends HubError {
  constructor(
    message: string,
    context: HubErrorContext & { endpoint: string },
    options: HftoolErrorOptions = {},
  ) {
    super("HUB_UNAVAILABLE", message, context, {
      hint: `Check your network and HF_ENDPOINT (now ${context.endpoint}). Models already downloaded still work offline: set HF_HUB_OFFLINE=1.`,
      ...options,
    });
    this.name = "HubUnavailableError";
  }
}

/** The server answered something a Hub never answers (a listing that is not JSON, a redirect loop). */
export class HubProtocolError extends HubError {
  constructor(message: string, context: HubErrorContext, options: HftoolErrorOptions = {}) {
    super("HUB_PROTOCOL", message, context, {
      hint: "The server does not behave like the Hugging Face Hub. Check HF_ENDPOINT, or report it to the mirror's owner.",
      ...options,
    });
    this.name = "HubProtocolError";
  }
}

/** The server asked us to slow down (429) for longer than we are willing to wait. */
export class RateLimitError extends HubError {
  readonly retryAfterSeconds: number | undefined;
  constructor(context: HubErrorContext & { retryAfterSeconds?: number }) {
    super(
      "HUB_RATE_LIMITED",
      `The server is rate-limiting downloads${context.retryAfterSeconds ? ` and asks to wait ${Math.ceil(context.retryAfterSeconds)} s` : ""}.`,
      context,
      {
        hint: "Wait a little and run the same command again: finished files are kept and partial ones resume. A token (HF_TOKEN) raises the Hub's limits.",
        details: { retryAfterSeconds: context.retryAfterSeconds },
      },
    );
    this.name = "RateLimitError";
    this.retryAfterSeconds = context.retryAfterSeconds;
  }
}

/** The server sent a file whose size differs from the size it announced. */
export class SizeMismatchError extends HubError {
  readonly expected: number;
  readonly actual: number;
  constructor(context: HubErrorContext & { file: string; expected: number; actual: number }) {
    super(
      "SIZE_MISMATCH",
      `The server sent ${context.actual} bytes for '${context.file}', but announced ${context.expected}.`,
      context,
      {
        hint: "Nothing was saved. Try again later; if it persists, the server (or a proxy in between) is serving a damaged file.",
        details: { expected: context.expected, actual: context.actual },
      },
    );
    this.name = "SizeMismatchError";
    this.expected = context.expected;
    this.actual = context.actual;
  }
}

/** The bytes that arrived do not hash to the file's checksum, twice in a row. */
export class ChecksumMismatchError extends HubError {
  readonly algorithm: string;
  readonly expected: string;
  readonly actual: string;
  constructor(
    context: HubErrorContext & { file: string; algorithm: string; expected: string; actual: string },
  ) {
    super(
      "CHECKSUM_MISMATCH",
      `'${context.file}' arrived corrupted twice: its ${context.algorithm} is ${context.actual}, expected ${context.expected}.`,
      context,
      {
        hint: "The corrupt copy was discarded; nothing bad is in the cache. Try again later; if it persists, the server or a proxy is damaging the file.",
        details: { algorithm: context.algorithm, expected: context.expected, actual: context.actual },
      },
    );
    this.name = "ChecksumMismatchError";
    this.algorithm = context.algorithm;
    this.expected = context.expected;
    this.actual = context.actual;
  }
}

/** The server sent a file name or checksum that would write outside the repo's cache folder. */
export class UnsafePathError extends HubError {
  constructor(
    context: HubErrorContext & { value: string; what: "file path" | "checksum" | "commit" | "revision" },
  ) {
    super(
      "UNSAFE_PATH",
      `Refusing the ${context.what} '${context.value}' from the server: it could write outside the cache folder.`,
      context,
      {
        hint: "The server is misbehaving or hostile. Nothing was written. Check HF_ENDPOINT.",
        details: { value: context.value },
      },
    );
    this.name = "UnsafePathError";
  }
}

/** Not enough free space for what is left to download, or the disk filled up on the way. */
export class DiskSpaceError extends HftoolError {
  readonly directory: string;
  readonly neededBytes: number;
  readonly freeBytes: number;
  constructor(params: {
    directory: string;
    neededBytes: number;
    freeBytes: number;
    file?: string;
    midway: boolean;
  }) {
    const fmt = formatBytes;
    super(
      "DISK_FULL",
      params.midway
        ? `The disk holding ${params.directory} filled up while downloading${params.file ? ` '${params.file}'` : ""}${params.neededBytes > 0 ? `: ${fmt(params.neededBytes)} were still to come, ${fmt(params.freeBytes)} are free` : ""}.`
        : `Not enough disk space in ${params.directory}: the download needs ${fmt(params.neededBytes)} more, but only ${fmt(params.freeBytes)} are free.`,
      {
        hint: params.midway
          ? "The partial download is kept. Free some space and run the same command again: it resumes where it stopped."
          : "Free some space (hftool cache prune removes partial downloads and old revisions), or move the cache: HF_HUB_CACHE=/bigger/disk or hftool config set paths.models_dir /bigger/disk.",
        details: {
          directory: params.directory,
          neededBytes: params.neededBytes,
          freeBytes: params.freeBytes,
          ...(params.file ? { file: params.file } : {}),
        },
      },
    );
    this.name = "DiskSpaceError";
    this.directory = params.directory;
    this.neededBytes = params.neededBytes;
    this.freeBytes = params.freeBytes;
  }
}

/** Offline mode (HF_HUB_OFFLINE=1) and the cache lacks what was asked for. */
export class OfflineCacheMissError extends HftoolError {
  readonly repo: string;
  readonly revision: string;
  readonly missing: readonly string[];
  constructor(params: {
    repo: string;
    revision: string;
    cacheDir: string;
    missing: readonly string[];
    reason?: string;
  }) {
    const list =
      params.missing.slice(0, 5).join(", ") +
      (params.missing.length > 5 ? `, and ${params.missing.length - 5} more` : "");
    super(
      "OFFLINE_CACHE_MISS",
      params.reason ??
        (params.missing.length > 0
          ? `Offline mode is on and ${params.missing.length} file${params.missing.length === 1 ? "" : "s"} of '${params.repo}' (${params.revision}) ${params.missing.length === 1 ? "is" : "are"} not in the cache: ${list}.`
          : `Offline mode is on and '${params.repo}' (${params.revision}) is not in the cache at ${params.cacheDir}.`),
      {
        hint: `Download it while online (hftool download -m ${params.repo}${params.revision === "main" ? "" : ` --revision ${params.revision}`}), or unset HF_HUB_OFFLINE.`,
        details: {
          repo: params.repo,
          revision: params.revision,
          cacheDir: params.cacheDir,
          missing: params.missing,
        },
      },
    );
    this.name = "OfflineCacheMissError";
    this.repo = params.repo;
    this.revision = params.revision;
    this.missing = params.missing;
  }
}

/** Another process holds a download lock and shows no sign of progress. */
export class LockTimeoutError extends HftoolError {
  constructor(params: { lockPath: string; file: string; holder?: string; waitedMs: number }) {
    super(
      "LOCK_TIMEOUT",
      `Gave up waiting for '${params.file}': another download${params.holder ? ` (${params.holder})` : ""} holds ${params.lockPath} and has made no progress for ${Math.round(params.waitedMs / 1000)} s.`,
      {
        hint: `If no other hftool is running, delete ${params.lockPath} and try again.`,
        details: { ...params },
      },
    );
    this.name = "LockTimeoutError";
  }
}

/** No file of the repo matches the include/exclude patterns. */
export class NoMatchingFilesError extends HftoolError {
  constructor(params: {
    repo: string;
    revision: string;
    include: readonly string[];
    exclude: readonly string[];
    sample: readonly string[];
  }) {
    super(
      "NO_MATCHING_FILES",
      `No file of '${params.repo}' (${params.revision}) matches${params.include.length ? ` --include ${params.include.join(" ")}` : ""}${params.exclude.length ? ` --exclude ${params.exclude.join(" ")}` : ""}.`,
      {
        hint: params.sample.length
          ? `Its files include: ${params.sample.slice(0, 8).join(", ")}. Patterns match the whole path, e.g. "onnx/*.onnx" or "*.json".`
          : "The repo has no files at this revision.",
        details: { ...params },
      },
    );
    this.name = "NoMatchingFilesError";
  }
}

/** A cache entry cannot be removed because a download is writing to it right now. */
export class CacheInUseError extends HftoolError {
  constructor(params: { repo: string; holder: string; lockPath: string }) {
    super("CACHE_IN_USE", `'${params.repo}' is being downloaded right now (${params.holder}).`, {
      hint: `Wait for that download to finish or stop it, then try again. (Lock: ${params.lockPath})`,
      details: { ...params },
    });
    this.name = "CacheInUseError";
  }
}
