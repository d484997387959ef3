import { AbortError, ExitCode, isHftoolError, suggestClosest, UsageError } from "@hftool/core";
import pc from "picocolors";
import yargs, { type Argv, type Options, type PositionalOptions } from "yargs";
import { createContext } from "./context.js";
import { GLOBAL_OPTIONS, ROOT_COMMAND } from "./spec/index.js";
import type { CommandArgs, CommandSpec, OptionSpec, PositionalSpec } from "./spec/types.js";
import { errorToJson, formatError } from "./ui/format-error.js";
import { Logger } from "./ui/logger.js";
import { colorEnabled } from "./ui/output.js";
import { VERSION } from "./version.js";

function toYargsOption(option: OptionSpec, global: boolean): Options {
  return {
    type: option.type === "count" ? "count" : option.type,
    describe: option.description,
    ...(option.alias ? { alias: [...option.alias] } : {}),
    ...(option.choices ? { choices: [...option.choices] } : {}),
    ...(option.default !== undefined ? { default: option.default } : {}),
    ...(option.defaultDescription ? { defaultDescription: option.defaultDescription } : {}),
    ...(option.hidden ? { hidden: true } : {}),
    ...(option.group ? { group: option.group } : {}),
    ...(option.type === "string" || option.type === "number" ? { requiresArg: true } : {}),
    global,
  };
}

function toYargsPositional(positional: PositionalSpec): PositionalOptions {
  return {
    type: positional.type,
    describe: positional.description,
    ...(positional.choices ? { choices: [...positional.choices] } : {}),
    ...(positional.variadic ? { array: true } : {}),
  };
}

function usageOf(spec: CommandSpec): string {
  const words = (spec.positionals ?? []).map((p) => {
    const name = p.variadic ? `${p.name}..` : p.name;
    return p.required ? `<${name}>` : `[${name}]`;
  });
  return [spec.name, ...words].join(" ");
}

interface RunState {
  exitCode: number;
  controller: AbortController;
  logger: Logger;
}

function handlerFor(spec: CommandSpec, state: RunState) {
  return async (argv: Record<string, unknown>) => {
    if (!spec.load) return;
    const args = argv as CommandArgs;
    state.logger.log("debug", `command ${spec.name} args=${JSON.stringify({ ...args, $0: undefined })}`);
    const { default: handler } = await spec.load();
    const context = createContext({ args, signal: state.controller.signal, logger: state.logger });
    const code = await handler(args, context);
    state.exitCode = typeof code === "number" ? code : 0;
  };
}

function addCommand(parent: Argv, spec: CommandSpec, state: RunState): void {
  parent.command({
    command: [usageOf(spec), ...(spec.aliases ?? [])],
    describe: spec.hidden ? false : spec.description,
    builder: (y: Argv) => {
      for (const positional of spec.positionals ?? [])
        y.positional(positional.name, toYargsPositional(positional));
      for (const option of spec.options ?? []) y.option(option.name, toYargsOption(option, false));
      for (const sub of spec.subcommands ?? []) addCommand(y, sub, state);
      if (spec.subcommands && spec.subcommands.length > 0 && !spec.load) {
        y.demandCommand(
          1,
          `Pick a subcommand of '${spec.name}': ${spec.subcommands
            .filter((s) => !s.hidden)
            .map((s) => s.name)
            .join(", ")}.`,
        );
      }
      for (const [command, description] of spec.examples ?? []) y.example(command, description);
      return y;
    },
    handler: handlerFor(spec, state),
  });
}

/** Known words right after `hftool`, for "did you mean" on a mistyped command. */
function commandNames(): string[] {
  return (ROOT_COMMAND.subcommands ?? [])
    .filter((s) => !s.hidden)
    .flatMap((s) => [s.name, ...(s.aliases ?? [])]);
}

function buildParser(argv: readonly string[], state: RunState): Argv {
  const parser = yargs([...argv])
    .scriptName("hftool")
    .usage(
      "$0 -t TASK -i INPUT [-m MODEL] [-o OUTPUT] [-- model params]\n$0 <command> [options]\n\n" +
        ROOT_COMMAND.description,
    )
    .parserConfiguration({ "populate--": true, "strip-aliased": true, "strip-dashed": false })
    .version(VERSION)
    .help("help")
    .alias("help", "h")
    .strict()
    .wrap(Math.min(120, process.stdout.columns || 100))
    .showHelpOnFail(false)
    .fail((message, error) => {
      if (error) throw error;
      const unknown = /^Unknown arguments?: (.+)$/.exec(message ?? "");
      if (unknown) {
        const words = unknown[1]!.split(", ");
        const first = words[0]!;
        const isCommandSlot = argv.find((a) => !a.startsWith("-")) === first && !first.includes(".");
        if (isCommandSlot && !argv.slice(0, argv.indexOf(first)).some((a) => a.startsWith("-"))) {
          const near = suggestClosest({ input: first, candidates: commandNames() });
          throw new UsageError(
            `Unknown command '${first}'.${near.length ? ` Did you mean '${near[0]}'?` : ""}`,
            {
              hint: "Run 'hftool --help' to see every command. To run a task, use hftool -t TASK -i INPUT.",
            },
          );
        }
        // yargs also reports the camelCase twin of each --kebab-case option.
        const camel = (w: string) => w.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
        const kebab = new Set(words.filter((w) => w.includes("-")).map(camel));
        const flags = words.filter((w) => !/^\d+$/.test(w) && !(kebab.has(w) && !w.includes("-")));
        throw new UsageError(
          `Unknown option${flags.length > 1 ? "s" : ""}: ${flags.map((w) => (w.length === 1 ? `-${w}` : `--${w}`)).join(", ")}.`,
          {
            hint: "Run the command with --help to see its options. Model parameters go after '--': hftool -t TASK -i INPUT -- --steps 4",
          },
        );
      }
      throw new UsageError(message ?? "Invalid command line.", {
        hint: "Run the command with --help to see its usage.",
      });
    });

  for (const option of GLOBAL_OPTIONS) parser.option(option.name, toYargsOption(option, true));

  parser.command({
    command: "$0",
    describe: false,
    builder: (y: Argv) => {
      for (const option of ROOT_COMMAND.options ?? []) y.option(option.name, toYargsOption(option, false));
      for (const [command, description] of ROOT_COMMAND.examples ?? []) y.example(command, description);
      return y;
    },
    handler: async (args: Record<string, unknown>) => {
      if (args["list-tasks"]) {
        const tasks = ROOT_COMMAND.subcommands!.find((s) => s.name === "tasks")!;
        return handlerFor(tasks, state)(args);
      }
      const batch = args.batch !== undefined || args["batch-json"] !== undefined;
      if (args.task === undefined && args.input === undefined && !args["dry-run"] && !args.wizard && !batch) {
        if (argv.length === 0 && (await wizardByDefault())) {
          return handlerFor(ROOT_COMMAND, state)({ ...args, wizard: true });
        }
        const { renderHelp } = await import("./help.js");
        process.stdout.write(
          renderHelp([], {
            color: colorEnabled(process.stdout, args.color as boolean | undefined),
            width: process.stdout.columns || 100,
          }),
        );
        return;
      }
      return handlerFor(ROOT_COMMAND, state)(args);
    },
  });
  for (const sub of ROOT_COMMAND.subcommands ?? []) addCommand(parser, sub, state);
  return parser;
}

/** Bare `hftool` starts the wizard when config says `interactive = true` and someone can answer. */
async function wizardByDefault(): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return false;
  try {
    const { loadConfig } = await import("@hftool/core");
    return loadConfig({ cwd: process.cwd(), env: process.env }).defaults.interactive;
  } catch {
    return false; // a broken config file: the help is more useful than an error here
  }
}

/** Flags that matter before yargs has parsed anything (to render a parse error). */
function earlyFlags(argv: readonly string[]) {
  const words = argv.slice(0, argv.includes("--") ? argv.indexOf("--") : argv.length);
  return {
    json: words.includes("--json"),
    noColor: words.includes("--no-color") || words.includes("--color=false"),
  };
}

/**
 * Runs the CLI on `argv` (without `node` and the script) and returns the exit code. Errors are
 * caught here, once: message and hint, no stack unless HFTOOL_DEBUG=1.
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const logger = new Logger();
  const state: RunState = { exitCode: 0, controller: new AbortController(), logger };
  logger.log(
    "info",
    `hftool ${VERSION} node ${process.version} argv=${JSON.stringify(argv)} cwd=${process.cwd()}`,
  );

  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      state.controller.abort(new AbortError("Interrupted."));
      process.stderr.write("\nStopping… (press Ctrl-C again to quit at once)\n");
    } else {
      process.exit(ExitCode.Interrupted);
    }
  };
  process.on("SIGINT", onSigint);
  try {
    await buildParser(argv, state).parseAsync();
    return state.exitCode;
  } catch (error) {
    const debug = ["1", "true", "yes"].includes((process.env.HFTOOL_DEBUG ?? "").toLowerCase());
    const flags = earlyFlags(argv);
    logger.log("error", error instanceof Error ? (error.stack ?? error.message) : String(error));
    const aborted = state.controller.signal.aborted && !isHftoolError(error);
    const shown = aborted ? new AbortError("Interrupted.") : error;
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(errorToJson(shown), null, 2)}\n`);
    }
    if (!flags.json || debug) {
      const colors = pc.createColors(colorEnabled(process.stderr, flags.noColor ? false : undefined));
      process.stderr.write(`${formatError(shown, { debug, colors })}\n`);
    }
    return isHftoolError(shown) ? shown.exitCode : 1;
  } finally {
    process.off("SIGINT", onSigint);
  }
}
