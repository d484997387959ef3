import { HftoolError, type HftoolErrorOptions } from "@hftool/core";

/** Installing or removing a completion script failed, or would clobber a file hftool did not write. */
export class CompletionInstallError extends HftoolError {
  /** The file concerned. */
  readonly path: string;

  constructor(message: string, path: string, options: HftoolErrorOptions = {}) {
    super("COMPLETION_INSTALL", message, { ...options, details: { path, ...options.details } });
    this.name = "CompletionInstallError";
    this.path = path;
  }
}
