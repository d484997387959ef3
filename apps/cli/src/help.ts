import { GLOBAL_OPTIONS, ROOT_COMMAND } from "./spec/index.js";
import type { CommandSpec, OptionSpec, PositionalSpec } from "./spec/types.js";

// Help is rendered from the command spec without loading yargs or any library, so `hftool --help`
// and `hftool <command> --help` start nearly as fast as `node` itself.

interface Style {
  bold(text: string): string;
  dim(text: string): string;
  cyan(text: string): string;
}

function makeStyle(enabled: boolean): Style {
  const wrap = (open: number, close: number) => (text: string) =>
    enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return { bold: wrap(1, 22), dim: wrap(2, 22), cyan: wrap(36, 39) };
}

function useColor(argv: readonly string[], env: NodeJS.ProcessEnv, stream: NodeJS.WriteStream): boolean {
  if (argv.includes("--no-color") || argv.includes("--color=false")) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return Boolean(stream.isTTY) && env.TERM !== "dumb";
}

/** The command a help request is about: `hftool config set --help` → [root, config, set]. */
export function findCommandPath(words: readonly string[]): CommandSpec[] {
  const path = [ROOT_COMMAND];
  for (const word of words) {
    if (word.startsWith("-")) continue;
    const current = path[path.length - 1]!;
    const next = current.subcommands?.find((c) => c.name === word || c.aliases?.includes(word));
    if (!next) break;
    path.push(next);
  }
  return path;
}

function optionLabel(option: OptionSpec): string {
  const short = (option.alias ?? []).filter((a) => a.length === 1).map((a) => `-${a}`);
  const negated = option.type === "boolean" && option.default === true;
  const long = negated ? `--no-${option.name}` : `--${option.name}`;
  const value =
    option.type === "boolean" || option.type === "count"
      ? ""
      : ` <${option.type === "array" ? `${option.name}..` : option.name}>`;
  return `${short.length ? `${short.join(", ")}, ` : "    "}${long}${value}`;
}

function optionText(option: OptionSpec): string {
  const parts = [option.description];
  if (option.choices) parts.push(`(${option.choices.join(", ")})`);
  if (option.defaultDescription) parts.push(`(default: ${option.defaultDescription})`);
  else if (option.default !== undefined && !(option.type === "boolean" && option.default === true)) {
    parts.push(`(default: ${JSON.stringify(option.default)})`);
  }
  return parts.join(" ");
}

function positionalLabel(p: PositionalSpec): string {
  const name = p.variadic ? `${p.name}..` : p.name;
  return p.required ? `<${name}>` : `[${name}]`;
}

function wrapText(text: string, width: number, indent: number): string {
  if (width - indent < 30) return text;
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (line && line.length + 1 + word.length > width - indent) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}

function section(
  title: string,
  rows: readonly (readonly [string, string])[],
  style: Style,
  width: number,
): string[] {
  if (rows.length === 0) return [];
  const left = Math.min(Math.max(...rows.map(([label]) => label.length)) + 2, 40);
  const out = ["", style.bold(title)];
  for (const [label, text] of rows) {
    const pad = label.length + 2 > left ? `\n${" ".repeat(left + 2)}` : " ".repeat(left - label.length);
    out.push(`  ${style.cyan(label)}${pad}${wrapText(text, width, left + 2)}`);
  }
  return out;
}

/** Help text for `hftool [command…] --help`, from the spec. */
export function renderHelp(words: readonly string[], options: { color: boolean; width?: number }): string {
  const style = makeStyle(options.color);
  const width = Math.min(options.width ?? 100, 120);
  const path = findCommandPath(words);
  const command = path[path.length - 1]!;
  const isRoot = path.length === 1;
  const name = path.map((c) => c.name).join(" ");
  const out: string[] = [];

  if (isRoot) {
    out.push(`${style.bold("hftool")} — ${command.description}`, "", style.bold("Usage"));
    out.push("  hftool -t TASK -i INPUT [-m MODEL] [-o OUTPUT] [options] [-- model params]");
    out.push("  hftool <command> [options]");
  } else {
    out.push(`${style.bold(name)} — ${command.description}`, "", style.bold("Usage"));
    const positionals = (command.positionals ?? []).map(positionalLabel).join(" ");
    const sub = command.subcommands?.length ? " <command>" : "";
    out.push(`  ${name}${sub}${positionals ? ` ${positionals}` : ""} [options]`);
  }

  const subcommands = (command.subcommands ?? []).filter((c) => !c.hidden);
  out.push(
    ...section(
      "Commands",
      subcommands.map((c) => [c.name, c.description] as const),
      style,
      width,
    ),
  );
  out.push(
    ...section(
      "Arguments",
      (command.positionals ?? []).map((p) => [positionalLabel(p), p.description] as const),
      style,
      width,
    ),
  );

  const own = (command.options ?? []).filter((o) => !o.hidden);
  const groups = new Map<string, OptionSpec[]>();
  for (const option of own) {
    const group = (option.group ?? "Options").replace(/:$/, "");
    groups.set(group === "Run" ? "Run options" : group, [
      ...(groups.get(group === "Run" ? "Run options" : group) ?? []),
      option,
    ]);
  }
  for (const [title, list] of groups) {
    out.push(
      ...section(
        title,
        list.map((o) => [optionLabel(o), optionText(o)] as const),
        style,
        width,
      ),
    );
  }
  const globals = [
    ...GLOBAL_OPTIONS.filter((o) => !o.hidden).map((o) => [optionLabel(o), optionText(o)] as const),
    ["-h, --help", "Show help"] as const,
    ...(isRoot ? [["    --version", "Show the version"] as const] : []),
  ];
  out.push(...section("Global options", globals, style, width));
  out.push(
    ...section(
      "Examples",
      (command.examples ?? []).map(([cmd, text]) => [cmd, text] as const),
      style,
      width,
    ),
  );
  out.push("");
  if (subcommands.length > 0) out.push(style.dim(`Run '${name} <command> --help' for a command's options.`));
  if (isRoot) out.push(style.dim("Docs: https://github.com/hftool/hftool#readme"));
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}

/** Prints help for argv when it asks for it; returns false when argv is not a help request. */
export function printHelpIfRequested(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const words = argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
  if (!words.includes("--help") && !words.includes("-h")) return false;
  const color = useColor(words, env, process.stdout);
  process.stdout.write(renderHelp(words, { color, width: process.stdout.columns || 100 }));
  return true;
}
