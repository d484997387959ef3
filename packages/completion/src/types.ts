import type { CompletionDirective } from "./directive.js";

/**
 * A flag as the completion engine needs it. Structurally a subset of the hftool CLI's `OptionSpec`,
 * so the CLI's own command definitions feed the engine directly.
 */
export interface CompletionOptionSpec {
  /** Long name without dashes (`model`). */
  name: string;
  /** Other spellings without dashes (`m`). */
  alias?: readonly string[];
  /** `boolean` and `count` flags take no value; `array` takes one or more. */
  type: "string" | "boolean" | "number" | "array" | "count";
  description: string;
  /** Closed set of values, offered as they are. */
  choices?: readonly string[];
  default?: unknown;
  /** Name of the completer that offers values. */
  complete?: string;
  /** Not offered. */
  hidden?: boolean;
}

/** A positional argument as the completion engine needs it. */
export interface CompletionPositionalSpec {
  name: string;
  description: string;
  /** Takes every remaining word. */
  variadic?: boolean;
  choices?: readonly string[];
  /** Name of the completer that offers values. */
  complete?: string;
}

/** A command (and its subcommands) as the completion engine needs it. */
export interface CompletionCommandSpec {
  name: string;
  aliases?: readonly string[];
  description: string;
  /** Not offered (still understood when typed). */
  hidden?: boolean;
  positionals?: readonly CompletionPositionalSpec[];
  options?: readonly CompletionOptionSpec[];
  subcommands?: readonly CompletionCommandSpec[];
}

/** One candidate. */
export interface CompletionItem {
  /** Inserted text. */
  value: string;
  /** Shown beside it where the shell can (zsh, fish, PowerShell). */
  description?: string;
}

/** What the engine answers for one Tab press. */
export interface CompletionResult {
  items: CompletionItem[];
  /** {@link COMPLETION_DIRECTIVE} bits. */
  directive: CompletionDirective;
}

/** What a completer knows about the command line it completes. */
export interface CompleterContext {
  /** The partial value being completed (after `--opt=` when the value is inline). */
  current: string;
  /** Names of the commands on the line, root first (`["hftool", "config", "set"]`). */
  commandPath: readonly string[];
  /** The option whose value is completed, when it is one. */
  option?: CompletionOptionSpec;
  /** The positional whose value is completed, when it is one. */
  positional?: CompletionPositionalSpec;
  /** Values given so far, by the option's long name (`{ task: ["asr"] }`). */
  optionValues: ReadonlyMap<string, readonly string[]>;
  /** Values of positionals given so far, by name. */
  positionalValues: ReadonlyMap<string, readonly string[]>;
  /** Words after `--` (extra parameters), when the cursor is past it. */
  passthrough?: readonly string[];
  /** Working folder for relative paths. */
  cwd: string;
  /** Environment. */
  env: NodeJS.ProcessEnv;
  /** The user's home folder, for `~`. */
  homeDir: string;
}

/**
 * Offers values for one kind of argument. Returns candidates (the engine filters them by the
 * current word and sorts them unless the directive says `KeepOrder`; a bare list means no file
 * names when none matches), or a result with its own directive bits.
 */
export type Completer = (
  context: CompleterContext,
) => CompletionItem[] | CompletionResult | Promise<CompletionItem[] | CompletionResult>;

/** Completers by the name options and positionals use in their `complete` field. */
export type CompleterMap = Readonly<Record<string, Completer | undefined>>;
