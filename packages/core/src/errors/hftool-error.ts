/** Options shared by every hftool error. */
export interface HftoolErrorOptions {
  /** What the user can do about it, as one sentence or a command to run. */
  hint?: string;
  /** Process exit code the CLI uses for this error. @default 1 */
  exitCode?: number;
  /** The underlying error, kept for `HFTOOL_DEBUG=1` and logs. */
  cause?: unknown;
  /** Extra machine-readable facts (file, line, url…), included in `--json` output. */
  details?: Record<string, unknown>;
}

/**
 * Base class of every error hftool throws on purpose.
 *
 * `code` is stable across versions (scripts may match on it), `message` says what went wrong and
 * why, and `hint` says what to do next. Libraries throw these; only the CLI decides how to show them.
 */
export class HftoolError extends Error {
  /** Stable identifier such as `TASK_NOT_FOUND`. */
  readonly code: string;
  /** What to do about it. */
  readonly hint: string | undefined;
  /** Exit code for a command-line program. */
  readonly exitCode: number;
  /** Machine-readable context. */
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, options: HftoolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "HftoolError";
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
    this.details = options.details ?? {};
  }

  /** A plain object for `--json` output and logs (no stack). */
  toJSON(): { code: string; message: string; hint?: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(Object.keys(this.details).length > 0 ? { details: this.details } : {}),
    };
  }
}

/**
 * True for any hftool error, also one thrown by a second copy of `@hftool/core`
 * (an ESM and a CommonJS copy in one process fail `instanceof`).
 */
export function isHftoolError(error: unknown): error is HftoolError {
  return (
    error instanceof HftoolError ||
    (typeof error === "object" &&
      error !== null &&
      typeof (error as { code?: unknown }).code === "string" &&
      typeof (error as { exitCode?: unknown }).exitCode === "number" &&
      error instanceof Error)
  );
}
