import { loadConfig, UsageError, type HftoolConfig } from "@hftool/core";
import type { CommandArgs } from "./spec/types.js";
import { Logger } from "./ui/logger.js";
import { Output } from "./ui/output.js";

/** Options of {@link confirm}. */
export interface ConfirmOptions {
  /** Answer when the user just presses Enter. @default false */
  default?: boolean;
  /** What to say when nobody can answer (no terminal) and -y was not given. */
  nonInteractiveHint?: string;
}

/** What every command handler receives besides its arguments. */
export interface CommandContext {
  args: CommandArgs;
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: Output;
  log: Logger;
  /** Aborted on the first Ctrl-C; handlers stop cleanly and return. */
  signal: AbortSignal;
  /** stdin and stdout are terminals and this is not CI. */
  interactive: boolean;
  /** The merged configuration, loaded on first use (malformed TOML throws here). */
  config(): HftoolConfig;
  /**
   * Asks a yes/no question. `-y` answers yes; without a terminal it throws a UsageError that says
   * to pass -y.
   */
  confirm(question: string, options?: ConfirmOptions): Promise<boolean>;
}

/** Options of {@link createContext}. */
export interface CreateContextOptions {
  args: CommandArgs;
  signal: AbortSignal;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logger?: Logger;
}

export function isCI(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.CI && env.CI !== "0" && env.CI.toLowerCase() !== "false");
}

/**
 * No animated spinners or progress bars: in CI, or when `HF_HUB_DISABLE_PROGRESS_BARS` says so
 * (huggingface_hub's variable, which people set for logs). Final lines still print.
 */
export function progressBarsOff(env: NodeJS.ProcessEnv): boolean {
  const disabled = env.HF_HUB_DISABLE_PROGRESS_BARS?.trim().toLowerCase();
  return isCI(env) || (disabled !== undefined && ["1", "true", "yes", "on"].includes(disabled));
}

export function createContext({
  args,
  signal,
  env = process.env,
  cwd = process.cwd(),
  logger,
}: CreateContextOptions): CommandContext {
  const out = new Output({
    json: args.json === true,
    quiet: args.quiet === true,
    verbose: args.verbose === true,
    color: args.color as boolean | undefined,
  });
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !isCI(env);
  let config: HftoolConfig | undefined;
  let warned = false;
  return {
    args,
    env,
    cwd,
    out,
    log: logger ?? new Logger(env),
    signal,
    interactive,
    config() {
      if (!config) {
        config = loadConfig({ cwd, env });
        if (!warned) {
          warned = true;
          for (const warning of config.warnings) out.warn(warning.message);
        }
      }
      return config;
    },
    async confirm(question, options = {}) {
      if (args.yes === true) return true;
      if (!interactive || args.json === true) {
        throw new UsageError(
          `${question.replace(/\?$/, "")}: needs confirmation, and there is no terminal to ask on.`,
          {
            hint: options.nonInteractiveHint ?? "Pass -y (--yes) to confirm.",
          },
        );
      }
      const { confirm } = await import("@inquirer/prompts");
      try {
        return await confirm(
          { message: question, default: options.default ?? false },
          { output: process.stderr },
        );
      } catch (error) {
        if ((error as Error).name === "ExitPromptError") return false;
        throw error;
      }
    },
  };
}
