import { AbortError, UsageError } from "@hftool/core";
import type * as InquirerModule from "@inquirer/prompts";
import { isCI, type CommandContext } from "../context.js";

type Inquirer = typeof InquirerModule;

/**
 * The prompts of `@inquirer/prompts` (select, search, input, confirm, number), drawn on stderr so
 * stdout keeps carrying results, and with Ctrl-C turned into an {@link AbortError}.
 */
export interface Prompts {
  select: Inquirer["select"];
  search: Inquirer["search"];
  input: Inquirer["input"];
  confirm: Inquirer["confirm"];
  number: Inquirer["number"];
  Separator: Inquirer["Separator"];
}

/**
 * Whether someone can answer a prompt: stdin and stderr are terminals (stdout may be redirected:
 * prompts are drawn on stderr) and this is not CI.
 */
export function canPrompt(context: CommandContext): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY) && !isCI(context.env);
}

/**
 * Loads the prompts library (only now: it is not needed to print help or run a task), after
 * checking there is a terminal to ask on.
 *
 * @throws {UsageError} without a terminal, naming what needed one (`what`) and what to do instead (`hint`).
 */
export async function loadPrompts(
  context: CommandContext,
  what: string,
  hint = 'Pass a path (or the text) with -i instead, e.g. -i talk.wav, -i "a prompt".',
): Promise<Prompts> {
  if (!canPrompt(context)) {
    throw new UsageError(`${what} needs a terminal to ask on, and there is none.`, { hint });
  }
  const inquirer = await import("@inquirer/prompts");
  const wrap = <P extends (config: never, context?: object) => Promise<unknown>>(prompt: P): P =>
    (async (config: Parameters<P>[0]) => {
      try {
        return await prompt(config, { output: process.stderr, clearPromptOnDone: false });
      } catch (error) {
        if (error instanceof Error && ["ExitPromptError", "AbortPromptError"].includes(error.name)) {
          throw new AbortError("Cancelled.");
        }
        throw error;
      }
    }) as P;
  return {
    select: wrap(inquirer.select),
    search: wrap(inquirer.search),
    input: wrap(inquirer.input),
    confirm: wrap(inquirer.confirm),
    number: wrap(inquirer.number),
    Separator: inquirer.Separator,
  };
}
