import { spawn } from "node:child_process";
import {
  clearHistory,
  findHistoryEntry,
  formatDuration,
  historyToArgs,
  quoteShellWord,
  readHistory,
  UsageError,
  type HistoryEntry,
} from "@hftool/core";
import type { CommandContext } from "../context.js";
import type { CommandHandler } from "../spec/types.js";

function when(entry: HistoryEntry): string {
  const d = new Date(entry.time);
  if (Number.isNaN(d.getTime())) return "????-??-?? ??:??";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function short(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * How an input reads in the list: a chat (interactive text generation records each turn with
 * the conversation it carried) by its last message, else as it is.
 */
function describeInput(input: string): string {
  if (!input.startsWith("[")) return input;
  try {
    const chat = JSON.parse(input) as unknown;
    if (!Array.isArray(chat)) return input;
    const last = chat.at(-1) as { content?: unknown } | undefined;
    if (typeof last?.content === "string") return `chat, ${chat.length} messages: ${last.content}`;
  } catch {
    // not JSON after all: text that starts with [
  }
  return input;
}

function commandLine(entry: HistoryEntry): string {
  return ["hftool", ...historyToArgs(entry)].map(quoteShellWord).join(" ");
}

async function show(id: string, context: CommandContext): Promise<void> {
  const { out } = context;
  const entry = await findHistoryEntry({ file: context.config().paths.historyFile, id });
  if (out.json) {
    out.writeJson({ ...entry, command: ["hftool", ...historyToArgs(entry)] });
    return;
  }
  const { c } = out;
  out.print(
    `${c.bold(`Run #${entry.id}`)}  ${entry.success ? c.green("✓ succeeded") : c.red("✗ failed")}  ${when(entry)}`,
  );
  const rows: [string, string][] = [
    ["Task", entry.task],
    [
      "Model",
      entry.model +
        (entry.revision && entry.revision !== "main" ? `@${entry.revision}` : "") +
        (entry.commit ? c.dim(` (${entry.commit.slice(0, 10)})`) : ""),
    ],
    ["Input", entry.input],
    ...(entry.output ? [["Output", entry.output] as [string, string]] : []),
    ["Device", [entry.device ?? "auto", entry.provider ? c.dim(`→ ${entry.provider}`) : ""].join(" ").trim()],
    ...(entry.dtype ? [["Dtype", entry.dtype] as [string, string]] : []),
    ...(entry.seed !== undefined ? [["Seed", String(entry.seed)] as [string, string]] : []),
    ["Duration", formatDuration(entry.durationMs / 1000)],
    ...(Object.keys(entry.extra).length
      ? [["Parameters", JSON.stringify(entry.extra)] as [string, string]]
      : []),
    ...(entry.error
      ? [["Error", c.red(`${entry.error.message} (${entry.error.code})`)] as [string, string]]
      : []),
  ];
  out.print(out.table(rows, { indent: 2 }));
  out.print();
  out.print(`${c.bold("Command")}  ${commandLine(entry)}`);
  out.print(c.dim(`Rerun it: hftool history --rerun ${entry.id}`));
}

async function rerun(id: string, context: CommandContext): Promise<number> {
  const { out } = context;
  const entry = await findHistoryEntry({ file: context.config().paths.historyFile, id });
  const args = historyToArgs(entry);
  out.info(`Run #${entry.id} from ${when(entry)}:`);
  out.info(`  ${commandLine(entry)}`);
  if (context.interactive && context.args.yes !== true && !out.json) {
    if (!(await context.confirm("Run it again?", { default: true }))) {
      out.info("Not run.");
      return 0;
    }
  }
  // Pass on the output preferences of this invocation.
  const passthrough = ["json", "quiet", "verbose", "yes"]
    .filter((f) => context.args[f] === true)
    .map((f) => `--${f}`);
  if (context.args.color === false) passthrough.push("--no-color");
  const dashdash = args.indexOf("--");
  const full =
    dashdash >= 0
      ? [...args.slice(0, dashdash), ...passthrough, ...args.slice(dashdash)]
      : [...args, ...passthrough];
  // A fresh process: the rerun behaves exactly like typing the command.
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [process.argv[1]!, ...full], {
      stdio: "inherit",
      env: { ...context.env, HFTOOL_RERUN_OF: String(entry.id) },
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

const history: CommandHandler = async (args, context) => {
  const { out } = context;
  const file = context.config().paths.historyFile;
  const picked = ["show", "rerun", "clear"].filter((k) => args[k] !== undefined && args[k] !== false);
  if (picked.length > 1)
    throw new UsageError(`Use one of --${picked.join(", --")} at a time.`, { hint: "hftool history --help" });
  if (typeof args.show === "string") return show(args.show, context);
  if (typeof args.rerun === "string") return rerun(args.rerun, context);
  if (args.clear === true) {
    const { entries } = await readHistory({ file });
    if (entries.length === 0) {
      out.info("The history is already empty.");
      return;
    }
    if (
      !(await context.confirm(`Delete all ${entries.length} runs from the history?`, {
        nonInteractiveHint: "Pass -y to clear the history without a terminal.",
      }))
    ) {
      out.info("Kept the history.");
      return;
    }
    await clearHistory({ file });
    if (out.json) out.writeJson({ cleared: entries.length, file });
    else out.success(`Cleared ${entries.length} runs.`);
    return;
  }
  const limit = Number(args.limit ?? 20);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError("--limit must be a whole number of 1 or more.");
  const { entries: all, invalidLines } = await readHistory({ file });
  const entries = (args.failed ? all.filter((e) => !e.success) : all).slice(0, limit);
  if (out.json) {
    out.writeJson(entries);
    return;
  }
  if (invalidLines > 0)
    out.warn(`${invalidLines} unreadable line${invalidLines > 1 ? "s" : ""} in ${file} were skipped.`);
  if (entries.length === 0) {
    out.print(
      all.length === 0
        ? "No runs yet. Run a task (hftool -t TASK -i INPUT) and it appears here."
        : "No failed runs.",
    );
    return;
  }
  const { c } = out;
  const rows = entries.map((e) => [
    c.bold(`#${e.id}`),
    e.success ? c.green("✓") : c.red("✗"),
    c.dim(when(e)),
    e.task,
    short(e.model.split("/").pop() ?? e.model, 24),
    `${short(describeInput(e.input))}${e.output ? c.dim(` → ${short(e.output.split("/").pop() ?? e.output, 30)}`) : ""}`,
    c.dim(formatDuration(e.durationMs / 1000)),
  ]);
  out.print(out.table(rows));
  out.print(
    c.dim(
      `\nShowing ${entries.length} of ${all.length}. Details: hftool history --show ID   Repeat: hftool history --rerun ID`,
    ),
  );
};

export default history;
