import type { CompletionCommandSpec, CompletionOptionSpec, CompletionPositionalSpec } from "../types.js";

/** Where the words before the cursor left the parser. */
export interface ParsedCommandLine {
  command: CompletionCommandSpec;
  commandPath: string[];
  /** Options the current command understands, its own first, then the global ones. */
  scope: CompletionOptionSpec[];
  optionValues: Map<string, string[]>;
  positionalValues: Map<string, string[]>;
  /** Long names of the options given so far. */
  seen: Set<string>;
  /** An option of the current command (not a global one) was given. */
  commandOptionGiven: boolean;
  positionalIndex: number;
  /** The last word was an option that still needs its value. */
  pendingOption?: CompletionOptionSpec;
  /** An array option is collecting values. */
  arrayOption?: CompletionOptionSpec;
  /** `--` was given; the words after it. */
  passthrough?: string[];
}

/** How a word that starts with a dash reads. */
export interface OptionWord {
  option: CompletionOptionSpec | undefined;
  /** The value written in the same word (`--model=x`, `-mx`). */
  inlineValue?: string;
  /** Further single-letter flags in the same word (`-qv`). */
  more?: CompletionOptionSpec[];
}

export function takesValue(option: CompletionOptionSpec): boolean {
  return option.type === "string" || option.type === "number" || option.type === "array";
}

function byName(scope: readonly CompletionOptionSpec[], name: string): CompletionOptionSpec | undefined {
  return scope.find((o) => o.name === name || o.alias?.includes(name));
}

/** Reads `--name`, `--name=value`, `--no-name`, `-n`, `-nvalue`, `-n=value` and `-qv`. */
export function readOptionWord(word: string, scope: readonly CompletionOptionSpec[]): OptionWord {
  if (word.startsWith("--")) {
    const body = word.slice(2);
    const eq = body.indexOf("=");
    const name = eq === -1 ? body : body.slice(0, eq);
    const inlineValue = eq === -1 ? undefined : body.slice(eq + 1);
    let option = byName(scope, name);
    if (!option && name.startsWith("no-")) {
      const negated = byName(scope, name.slice(3));
      if (negated?.type === "boolean") option = negated;
    }
    return inlineValue === undefined ? { option } : { option, inlineValue };
  }
  const body = word.slice(1);
  const eq = body.indexOf("=");
  if (eq !== -1) return { option: byName(scope, body.slice(0, eq)), inlineValue: body.slice(eq + 1) };
  const first = byName(scope, body[0] ?? "");
  if (body.length === 1 || !first) return { option: first };
  if (takesValue(first)) return { option: first, inlineValue: body.slice(1) };
  // Grouped short flags (`-qv`); one that takes a value swallows the rest of the word.
  const more: CompletionOptionSpec[] = [];
  for (let i = 1; i < body.length; i++) {
    const next = byName(scope, body[i]!);
    if (!next) break;
    if (takesValue(next)) {
      const rest = body.slice(i + 1);
      return rest
        ? { option: next, inlineValue: rest, more: [first, ...more] }
        : { option: next, more: [first, ...more] };
    }
    more.push(next);
  }
  return { option: first, more };
}

function findSubcommand(command: CompletionCommandSpec, word: string): CompletionCommandSpec | undefined {
  return command.subcommands?.find((s) => s.name === word || s.aliases?.includes(word));
}

export function positionalAt(
  command: CompletionCommandSpec,
  index: number,
): CompletionPositionalSpec | undefined {
  const positionals = command.positionals ?? [];
  if (index < positionals.length) return positionals[index];
  const last = positionals[positionals.length - 1];
  return last?.variadic ? last : undefined;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Walks the words before the cursor the way yargs would read them. */
export function parseCommandLine(
  root: CompletionCommandSpec,
  globalOptions: readonly CompletionOptionSpec[],
  words: readonly string[],
): ParsedCommandLine {
  const state: ParsedCommandLine = {
    command: root,
    commandPath: [root.name],
    scope: [...(root.options ?? []), ...globalOptions],
    optionValues: new Map(),
    positionalValues: new Map(),
    seen: new Set(),
    commandOptionGiven: false,
    positionalIndex: 0,
  };
  const isGlobal = (option: CompletionOptionSpec) => globalOptions.includes(option);
  const give = (option: CompletionOptionSpec) => {
    state.seen.add(option.name);
    if (!isGlobal(option)) state.commandOptionGiven = true;
  };

  for (const word of words) {
    if (state.passthrough) {
      state.passthrough.push(word);
      continue;
    }
    if (state.pendingOption) {
      push(state.optionValues, state.pendingOption.name, word);
      if (state.pendingOption.type === "array") state.arrayOption = state.pendingOption;
      state.pendingOption = undefined;
      continue;
    }
    if (word === "--") {
      state.passthrough = [];
      state.arrayOption = undefined;
      continue;
    }
    if (word.startsWith("-") && word.length > 1) {
      state.arrayOption = undefined;
      const { option, inlineValue, more } = readOptionWord(word, state.scope);
      for (const flag of more ?? []) give(flag);
      if (!option) continue; // unknown: read it as a flag without a value
      give(option);
      if (!takesValue(option)) continue;
      if (inlineValue !== undefined) {
        push(state.optionValues, option.name, inlineValue);
        if (option.type === "array") state.arrayOption = option;
      } else {
        state.pendingOption = option;
      }
      continue;
    }
    if (state.arrayOption) {
      push(state.optionValues, state.arrayOption.name, word);
      continue;
    }
    const sub = state.positionalIndex === 0 ? findSubcommand(state.command, word) : undefined;
    if (sub) {
      state.command = sub;
      state.commandPath.push(sub.name);
      state.scope = [...(sub.options ?? []), ...globalOptions];
      state.commandOptionGiven = false;
      continue;
    }
    const positional = positionalAt(state.command, state.positionalIndex);
    if (positional) push(state.positionalValues, positional.name, word);
    state.positionalIndex++;
  }
  return state;
}
