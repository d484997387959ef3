import { HftoolError, type HftoolErrorOptions } from "./hftool-error.js";

/** Exit codes used by the hftool CLI. */
export const ExitCode = {
  /** Something failed at run time. */
  Failure: 1,
  /** The command line itself was wrong (unknown option, missing value). */
  Usage: 2,
  /** The user interrupted (Ctrl-C). */
  Interrupted: 130,
} as const;

/** The command line is wrong: a missing or conflicting option, a bad value. */
export class UsageError extends HftoolError {
  constructor(message: string, options: HftoolErrorOptions = {}) {
    super("USAGE", message, { exitCode: ExitCode.Usage, ...options });
    this.name = "UsageError";
  }
}

/** An unknown task name or alias. */
export class TaskNotFoundError extends HftoolError {
  readonly task: string;
  readonly suggestions: readonly string[];
  constructor(task: string, suggestions: readonly string[], options: HftoolErrorOptions = {}) {
    const didYouMean =
      suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(" or ")}?` : "";
    super("TASK_NOT_FOUND", `Unknown task '${task}'.${didYouMean}`, {
      exitCode: ExitCode.Usage,
      hint: "Run 'hftool tasks' to see every task and its aliases.",
      details: { task, suggestions },
      ...options,
    });
    this.name = "TaskNotFoundError";
    this.task = task;
    this.suggestions = suggestions;
  }
}

/** A model name that is neither a registry entry, a config alias, a local folder nor a Hub repo id. */
export class ModelNotFoundError extends HftoolError {
  readonly model: string;
  readonly suggestions: readonly string[];
  constructor(
    model: string,
    message: string,
    suggestions: readonly string[],
    options: HftoolErrorOptions = {},
  ) {
    super("MODEL_NOT_FOUND", message, { details: { model, suggestions }, ...options });
    this.name = "ModelNotFoundError";
    this.model = model;
    this.suggestions = suggestions;
  }
}

/** A config file that cannot be read or parsed, or a config value of the wrong type. */
export class ConfigError extends HftoolError {
  /** The file involved, when there is one. */
  readonly file: string | undefined;
  /** 1-based line of a parse error. */
  readonly line: number | undefined;
  /** 1-based column of a parse error. */
  readonly column: number | undefined;
  constructor(
    message: string,
    options: HftoolErrorOptions & { file?: string; line?: number; column?: number; code?: string } = {},
  ) {
    const { file, line, column, code, ...rest } = options;
    super(code ?? "CONFIG_INVALID", message, {
      ...rest,
      details: {
        ...(file ? { file } : {}),
        ...(line ? { line } : {}),
        ...(column ? { column } : {}),
        ...rest.details,
      },
    });
    this.name = "ConfigError";
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** An input the task cannot use: a missing file, the wrong kind of file, an empty prompt. */
export class InputError extends HftoolError {
  constructor(message: string, options: HftoolErrorOptions & { code?: string } = {}) {
    super(options.code ?? "INPUT_INVALID", message, options);
    this.name = "InputError";
  }
}

/** A feature that exists in the registry but has no working implementation on this platform yet. */
export class NotSupportedError extends HftoolError {
  constructor(message: string, options: HftoolErrorOptions = {}) {
    super("NOT_SUPPORTED", message, options);
    this.name = "NotSupportedError";
  }
}

/** The operation was cancelled through an `AbortSignal` or Ctrl-C. */
export class AbortError extends HftoolError {
  constructor(message = "Cancelled.", options: HftoolErrorOptions = {}) {
    super("ABORTED", message, { exitCode: ExitCode.Interrupted, ...options });
    this.name = "AbortError";
  }
}

/** A registry model whose weights cannot run on the execution providers of this run (CUDA-only builds on a CPU). */
export class ModelProviderError extends HftoolError {
  /** The model's registry name. */
  readonly model: string;
  /** Providers its weights run on. */
  readonly modelProviders: readonly string[];
  /** Providers the run uses. */
  readonly providers: readonly string[];
  constructor(
    model: string,
    modelProviders: readonly string[],
    providers: readonly string[],
    message: string,
    options: HftoolErrorOptions = {},
  ) {
    super("MODEL_PROVIDER_UNSUPPORTED", message, {
      exitCode: ExitCode.Usage,
      details: { model, modelProviders, providers },
      ...options,
    });
    this.name = "ModelProviderError";
    this.model = model;
    this.modelProviders = modelProviders;
    this.providers = providers;
  }
}
