import type {
  CompletionCommandSpec,
  CompletionOptionSpec,
  CompletionPositionalSpec,
} from "@hftool/completion";
import type { CommandContext } from "../context.js";

/**
 * Value completers the completion engine knows. Naming one on an option or positional is all a
 * command needs to do to get completion for it.
 */
export type CompleterName =
  | "task"
  | "model"
  | "cached-model"
  | "device"
  | "dtype"
  | "format"
  | "file"
  | "directory"
  | "input"
  | "history-id"
  | "shell"
  | "config-key"
  | "config-value"
  | "check-id";

/** A `--flag` of a command: what the completion engine reads, plus what help shows. */
export interface OptionSpec extends CompletionOptionSpec {
  /** Shown instead of the default value in help. */
  defaultDescription?: string;
  /** How the shell completes its value. */
  complete?: CompleterName;
  /** Help section heading. */
  group?: string;
}

/** A positional argument of a command. */
export interface PositionalSpec extends CompletionPositionalSpec {
  type: "string" | "number";
  required?: boolean;
  complete?: CompleterName;
}

/** Parsed arguments as a handler sees them (yargs' argv, `--` words under `"--"`). */
export type CommandArgs = Record<string, unknown> & { _: (string | number)[]; "--"?: string[] };

/** A command's implementation; returns the process exit code (0 when omitted). */
export type CommandHandler = (args: CommandArgs, context: CommandContext) => Promise<number | void>;

/**
 * One command of the CLI, declared as data. yargs is built from these, `--help` shows them, and the
 * completion engine reads the same objects, so there is no second list to keep in sync.
 * `load` imports the implementation only when the command runs.
 */
export interface CommandSpec extends CompletionCommandSpec {
  positionals?: readonly PositionalSpec[];
  options?: readonly OptionSpec[];
  subcommands?: readonly CommandSpec[];
  examples?: readonly (readonly [command: string, description: string])[];
  load?: () => Promise<{ default: CommandHandler }>;
}
