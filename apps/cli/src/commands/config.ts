import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import {
  ConfigError,
  findConfigFiles,
  initConfig,
  loadConfig,
  parseConfigKey,
  readConfigFile,
  setConfigValue,
  UsageError,
  type ConfigSource,
} from "@hftool/core";
import type { CommandContext } from "../context.js";
import type { CommandArgs, CommandHandler } from "../spec/types.js";

function describeSource(source: ConfigSource | undefined): string {
  if (!source) return "";
  switch (source.kind) {
    case "default":
      return "default";
    case "env":
      return `env ${source.variable}`;
    case "flag":
      return "command line";
    default:
      return `${source.kind} ${source.file}`;
  }
}

function targetFile(args: CommandArgs, context: CommandContext): string {
  const files = findConfigFiles({ cwd: context.cwd, env: context.env });
  return files.find((f) => f.scope === (args.project ? "project" : "user"))!.path;
}

function show(context: CommandContext): void {
  const { out } = context;
  const config = context.config();
  const entries = config.entries();
  if (out.json) {
    out.writeJson({
      files: config.files,
      values: Object.fromEntries(entries.map((e) => [e.key, { value: e.value, source: e.source }])),
      warnings: config.warnings.map((w) => w.message),
    });
    return;
  }
  const { c } = out;
  for (const file of config.files) {
    out.print(c.dim(`# ${file.scope} config: ${file.path}${file.exists ? "" : " (not present)"}`));
  }
  out.print();
  let section = "";
  for (const entry of entries) {
    const [head, ...rest] = entry.key.split(".");
    if (head !== section) {
      if (section) out.print();
      section = head!;
      out.print(c.bold(`[${section}]`));
    }
    out.print(
      `${rest.join(".")} = ${JSON.stringify(entry.value)}  ${c.dim(`# ${describeSource(entry.source)}`)}`,
    );
  }
}

function paths(context: CommandContext): void {
  const { out } = context;
  const files = findConfigFiles({ cwd: context.cwd, env: context.env });
  if (out.json) {
    out.writeJson(files);
    return;
  }
  for (const file of files) {
    out.result(
      out.quiet
        ? file.path
        : `${file.scope.padEnd(8)}${file.path}${file.exists ? "" : out.c.dim("  (not present)")}`,
    );
  }
}

function get(args: CommandArgs, context: CommandContext): void {
  const { out } = context;
  const key = parseConfigKey(String(args.key)).key;
  const config = context.config();
  const value = config.get(key);
  if (out.json) {
    out.writeJson({ key, value: value ?? null, source: config.sourceOf(key) ?? null });
    return;
  }
  if (value === undefined) {
    throw new ConfigError(`'${key}' is not set.`, {
      hint: `Set it with 'hftool config set ${key} VALUE'.`,
      code: "CONFIG_KEY_UNSET",
    });
  }
  out.result(typeof value === "string" ? value : JSON.stringify(value));
}

async function set(args: CommandArgs, context: CommandContext, remove: boolean): Promise<void> {
  const { out } = context;
  const file = targetFile(args, context);
  const result = await setConfigValue({
    file,
    key: String(args.key),
    value: remove ? undefined : String(args.value),
  });
  // Show the change in effect, and say when something stronger still overrides it.
  const config = loadConfig({ cwd: context.cwd, env: context.env });
  const source = config.sourceOf(result.key);
  if (out.json) {
    out.writeJson({ ...result, effective: config.get(result.key) ?? null, effectiveSource: source ?? null });
    return;
  }
  if (remove) out.success(`Removed ${result.key} from ${file}`);
  else out.success(`${result.key} = ${JSON.stringify(result.value)} in ${file}`);
  if (!result.preserved)
    out.warn(`${file} could not be edited line by line, so it was rewritten: comments in it were dropped.`);
  const expected = remove ? undefined : result.value;
  if (
    source &&
    source.kind !== (args.project ? "project" : "user") &&
    JSON.stringify(config.get(result.key)) !== JSON.stringify(expected) &&
    !(remove && source.kind === "default")
  ) {
    out.warn(
      `${result.key} is still ${JSON.stringify(config.get(result.key))} because ${describeSource(source)} overrides it.`,
    );
  }
}

async function init(args: CommandArgs, context: CommandContext): Promise<void> {
  const file = targetFile(args, context);
  const result = await initConfig({ file, force: args.force === true });
  if (context.out.json) context.out.writeJson(result);
  else {
    context.out.success(`${result.overwritten ? "Replaced" : "Wrote"} ${file}`);
    context.out.info(
      `Every key is listed there, commented out. Edit it with 'hftool config edit${args.project ? " --project" : ""}'.`,
    );
  }
}

async function edit(args: CommandArgs, context: CommandContext): Promise<void> {
  const file = targetFile(args, context);
  if (!existsSync(file)) await initConfig({ file });
  const editor =
    context.env.VISUAL || context.env.EDITOR || (process.platform === "win32" ? "notepad" : "vi");
  if (!context.interactive && !context.env.VISUAL && !context.env.EDITOR) {
    throw new UsageError("No editor to open: $VISUAL and $EDITOR are unset and there is no terminal.", {
      hint: `Set EDITOR, or edit ${file} directly.`,
    });
  }
  const code = await new Promise<number>((resolve, reject) => {
    // The editor command may carry flags ("code --wait"), so let the shell split it.
    const child = spawn(`${editor} "${file.replace(/"/g, '\\"')}"`, { stdio: "inherit", shell: true });
    child.on("error", reject);
    child.on("exit", (status) => resolve(status ?? 1));
  });
  if (code !== 0) {
    throw new UsageError(`The editor '${editor}' exited with code ${code}.`, {
      hint: "Check $VISUAL / $EDITOR.",
    });
  }
  try {
    readConfigFile(file);
    const config = loadConfig({ cwd: context.cwd, env: context.env });
    for (const warning of config.warnings) context.out.warn(warning.message);
    context.out.success(`${file} is valid.`);
  } catch (error) {
    if (error instanceof ConfigError) {
      context.out.warn(
        `${error.message}\n  Run 'hftool config edit${args.project ? " --project" : ""}' again to fix it.`,
      );
      return;
    }
    throw error;
  }
}

const config: CommandHandler = async (args, context) => {
  const sub = String(args._[1] ?? "");
  switch (sub) {
    case "show":
      return show(context);
    case "path":
      return paths(context);
    case "get":
      return get(args, context);
    case "set":
      return set(args, context, false);
    case "unset":
      return set(args, context, true);
    case "init":
      return init(args, context);
    case "edit":
      return edit(args, context);
    default:
      throw new UsageError(`Unknown config subcommand '${sub}'.`, { hint: "Run 'hftool config --help'." });
  }
};

export default config;
