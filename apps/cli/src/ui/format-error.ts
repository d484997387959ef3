import { isHftoolError } from "@hftool/core";
import type { Colors } from "./output.js";

/** Node system errors that deserve a plain explanation instead of "Unexpected error". */
function explainSystemError(error: NodeJS.ErrnoException): { message: string; hint: string } | undefined {
  const path = error.path ? ` ${error.path}` : "";
  switch (error.code) {
    case "ENOENT":
      return {
        message: `File or folder not found:${path || " (unknown path)"}.`,
        hint: "Check the path and try again.",
      };
    case "EACCES":
    case "EPERM":
      return {
        message: `Permission denied:${path}.`,
        hint: "Check the file's owner and permissions, or choose another location.",
      };
    case "ENOSPC":
      return {
        message: `No space left on the device${path ? ` writing${path}` : ""}.`,
        hint: "Free some disk space (hftool cache prune removes partial downloads) and try again.",
      };
    case "EISDIR":
      return { message: `Expected a file but found a folder:${path}.`, hint: "Pass a file path." };
    case "EROFS":
      return { message: `The file system is read-only:${path}.`, hint: "Choose a writable location." };
    default:
      return undefined;
  }
}

/** What the CLI shows for an error: message, hint, and with `debug` the stack and causes. */
export function formatError(error: unknown, options: { debug: boolean; colors: Colors }): string {
  const { debug, colors: c } = options;
  const lines: string[] = [];
  let hint: string | undefined;
  if (isHftoolError(error)) {
    lines.push(`${c.red(c.bold("Error:"))} ${error.message}`);
    hint = error.hint;
  } else {
    const system = error instanceof Error ? explainSystemError(error as NodeJS.ErrnoException) : undefined;
    if (system) {
      lines.push(`${c.red(c.bold("Error:"))} ${system.message}`);
      hint = system.hint;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      lines.push(`${c.red(c.bold("Error:"))} Unexpected error: ${message}`);
      hint = debug
        ? undefined
        : "This looks like a bug in hftool. Run again with HFTOOL_DEBUG=1 to see where it happened, and report it.";
    }
  }
  if (hint) lines.push(`${c.yellow("→")} ${hint}`);
  if (debug && error instanceof Error) {
    lines.push("", c.dim(error.stack ?? String(error)));
    let cause = error.cause;
    while (cause) {
      lines.push(
        c.dim(`Caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`),
      );
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  return lines.join("\n");
}

/** The `--json` form of an error. */
export function errorToJson(error: unknown): { success: false; error: Record<string, unknown> } {
  if (isHftoolError(error)) return { success: false, error: error.toJSON() };
  const system = error instanceof Error ? explainSystemError(error as NodeJS.ErrnoException) : undefined;
  if (system) return { success: false, error: { code: (error as NodeJS.ErrnoException).code, ...system } };
  return {
    success: false,
    error: { code: "UNEXPECTED", message: error instanceof Error ? error.message : String(error) },
  };
}
