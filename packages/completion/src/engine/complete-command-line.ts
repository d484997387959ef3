import { homedir } from "node:os";
import { COMPLETION_DIRECTIVE as D } from "../directive.js";
import type {
  CompleterContext,
  CompleterMap,
  CompletionCommandSpec,
  CompletionItem,
  CompletionOptionSpec,
  CompletionPositionalSpec,
  CompletionResult,
} from "../types.js";
import {
  parseCommandLine,
  positionalAt,
  readOptionWord,
  takesValue,
  type ParsedCommandLine,
} from "./parse-command-line.js";

/** Parameters of {@link completeCommandLine}. */
export interface CompleteCommandLineParams {
  /** The program's command tree; its `name` is the program name. */
  root: CompletionCommandSpec;
  /** Flags every command accepts (`--json`, `--help`). @default [] */
  globalOptions?: readonly CompletionOptionSpec[];
  /**
   * Every word after the program name, as the shell split them. The last one is the word under the
   * cursor: `""` right after a space.
   */
  words: readonly string[];
  /** Completers by name, as options and positionals name them in `complete`. @default {} */
  completers?: CompleterMap;
  /** Completer for the words after `--` (a program's extra parameters). */
  passthroughCompleter?: string;
  /** Folder relative paths start from. @default process.cwd() */
  cwd?: string;
  /** Environment completers read. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Home folder for `~`. @default os.homedir() */
  homeDir?: string;
}

/** Characters after which a shell must not add a space: the value goes on. */
const CONTINUES = ["/", "=", "."];

function cleanDescription(description: string | undefined): string | undefined {
  if (!description) return undefined;
  const line = description.split(/\r?\n/, 1)[0]!.replace(/\t/g, " ").trim();
  return line || undefined;
}

/** A bare list means "these or nothing": no file names when none matches. */
function normalise(result: CompletionItem[] | CompletionResult): CompletionResult {
  return Array.isArray(result) ? { items: result, directive: D.NoFileComp } : result;
}

/** Filters by the word typed so far, removes duplicates, sorts unless told to keep the order. */
function finish(result: CompletionResult, current: string, prefix = ""): CompletionResult {
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const item of result.items) {
    if (!item.value.startsWith(current) || seen.has(item.value)) continue;
    seen.add(item.value);
    const description = cleanDescription(item.description);
    items.push({ value: prefix + item.value, ...(description ? { description } : {}) });
  }
  if (!(result.directive & D.KeepOrder))
    items.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  let directive = result.directive;
  if (items.length > 0 && items.every((i) => CONTINUES.some((c) => i.value.endsWith(c))))
    directive |= D.NoSpace;
  return { items, directive };
}

function optionItems(state: ParsedCommandLine, current: string): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const option of state.scope) {
    if (option.hidden) continue;
    const repeatable = option.type === "array" || option.type === "count";
    if (state.seen.has(option.name) && !repeatable) continue;
    const negate = option.type === "boolean" && (option.default === true || current.startsWith("--no-"));
    items.push({ value: `--${negate ? "no-" : ""}${option.name}`, description: option.description });
    if (/^-[^-]$/.test(current) && option.alias?.includes(current.slice(1))) {
      items.push({ value: current, description: option.description });
    }
  }
  return items;
}

function subcommandItems(command: CompletionCommandSpec, current: string): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const sub of command.subcommands ?? []) {
    if (sub.hidden) continue;
    items.push({ value: sub.name, description: sub.description });
    // An alias only when it is what the user is typing and the name is not.
    for (const alias of sub.aliases ?? []) {
      if (current && alias.startsWith(current) && !sub.name.startsWith(current)) {
        items.push({ value: alias, description: sub.description });
      }
    }
  }
  return items;
}

/**
 * The completion engine: reads the words of a command line against a command tree, works out what
 * the word under the cursor is (a command, a flag, a flag's value, `--opt=value`, a positional, an
 * extra parameter after `--`) and asks the matching completer for candidates.
 *
 * Candidates are filtered by the word typed so far, deduplicated and sorted (unless a completer asks
 * for `KeepOrder`); the directive gets `NoSpace` when every candidate continues (`dir/`, `key.`).
 * A completer that throws yields no candidates rather than an error: Tab must never print a trace.
 */
export async function completeCommandLine(params: CompleteCommandLineParams): Promise<CompletionResult> {
  const { root, globalOptions = [], words, completers = {} } = params;
  const current = words.length > 0 ? words[words.length - 1]! : "";
  const state = parseCommandLine(root, globalOptions, words.slice(0, -1));

  const context = (
    value: string,
    target: { option?: CompletionOptionSpec; positional?: CompletionPositionalSpec },
  ): CompleterContext => ({
    current: value,
    commandPath: state.commandPath,
    ...target,
    optionValues: state.optionValues,
    positionalValues: state.positionalValues,
    ...(state.passthrough ? { passthrough: state.passthrough } : {}),
    cwd: params.cwd ?? process.cwd(),
    env: params.env ?? process.env,
    homeDir: params.homeDir ?? homedir(),
  });

  const run = async (
    name: string | undefined,
    ctx: CompleterContext,
  ): Promise<CompletionResult | undefined> => {
    const completer = name ? completers[name] : undefined;
    if (!completer) return undefined;
    try {
      return normalise(await completer(ctx));
    } catch {
      return { items: [], directive: D.NoFileComp };
    }
  };

  const valueOf = async (
    spec: CompletionOptionSpec | CompletionPositionalSpec,
    target: { option?: CompletionOptionSpec; positional?: CompletionPositionalSpec },
    value: string,
  ): Promise<CompletionResult> => {
    const fromCompleter = await run(spec.complete, context(value, target));
    if (fromCompleter) return fromCompleter;
    if (spec.choices) return { items: spec.choices.map((c) => ({ value: c })), directive: D.NoFileComp };
    // A free value: a flag's is typed, a positional's may well be a file.
    return { items: [], directive: target.option ? D.NoFileComp : D.Default };
  };

  if (state.passthrough) {
    const result = await run(params.passthroughCompleter, context(current, {}));
    return finish(result ?? { items: [], directive: D.Default }, current);
  }

  if (state.pendingOption) {
    const option = state.pendingOption;
    return finish(await valueOf(option, { option }, current), current);
  }

  if (current.startsWith("-") && current.includes("=")) {
    const { option, inlineValue } = readOptionWord(current, state.scope);
    if (!option || !takesValue(option) || inlineValue === undefined)
      return { items: [], directive: D.NoFileComp };
    const prefix = current.slice(0, current.length - inlineValue.length);
    return finish(await valueOf(option, { option }, inlineValue), inlineValue, prefix);
  }

  if (current.startsWith("-")) {
    return finish({ items: optionItems(state, current), directive: D.NoFileComp }, current);
  }

  if (state.arrayOption) {
    const option = state.arrayOption;
    return finish(await valueOf(option, { option }, current), current);
  }

  const items: CompletionItem[] = [];
  let directive: number = D.NoFileComp;
  const offerCommands =
    state.positionalIndex === 0 && !state.commandOptionGiven && (state.command.subcommands?.length ?? 0) > 0;
  if (offerCommands) items.push(...subcommandItems(state.command, current));
  const positional = positionalAt(state.command, state.positionalIndex);
  if (positional) {
    const result = await valueOf(positional, { positional }, current);
    items.push(...result.items);
    directive = offerCommands ? result.directive | D.NoFileComp : result.directive;
  }
  if (!offerCommands && !positional) {
    // Nothing left to type but flags: show them rather than file names.
    return finish({ items: optionItems(state, "--"), directive: D.NoFileComp }, current);
  }
  return finish({ items, directive }, current);
}
