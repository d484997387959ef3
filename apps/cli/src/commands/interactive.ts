import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { createInterface, type Interface } from "node:readline";
import {
  AbortError,
  expandTilde,
  formatBytes,
  formatDuration,
  getHftoolHome,
  isHftoolError,
  parseParamValue,
  suggestClosest,
  UsageError,
  type NewHistoryEntry,
} from "@hftool/core";
import type { ChatMessage } from "@hftool/inference";
import pc from "picocolors";
import type { CommandContext } from "../context.js";
import { readPromptHistory, savePromptHistory } from "../interactive/prompt-history.js";
import { runOptionsFromArgs } from "../run/run-options-from-args.js";
import type { CommandHandler } from "../spec/types.js";
import { formatError } from "../ui/format-error.js";
import { colorEnabled } from "../ui/output.js";
import { startSpinner } from "../ui/spinner.js";

/** The commands of a session, with their help lines. */
const COMMANDS: readonly (readonly [name: string, usage: string, help: string])[] = [
  ["help", "/help", "This list"],
  ["quit", "/quit", "Leave (also /exit, Ctrl-D, or Ctrl-C twice at an empty prompt)"],
  ["seed", "/seed [N|random]", "Show the seed, fix it to N, or go back to a new one each run"],
  ["output", "/output [DIR]", "Show or change the folder outputs are numbered into"],
  ["params", "/params [key=value…]", "Show or set parameters (key= removes one, /params clear all)"],
  ["status", "/status", "Model, device, memory, runs"],
  ["clear", "/clear", "Clear the screen"],
  ["history", "/history", "This session's runs, with their history ids"],
];
/** More commands when the session is a chat (text generation with a chat template). */
const CHAT_COMMANDS: readonly (readonly [name: string, usage: string, help: string])[] = [
  ["new", "/new", "Start a new conversation (the model forgets the earlier turns)"],
  ["system", "/system [TEXT|off]", "Show, set or remove the system prompt"],
];
const ALIASES: Readonly<Record<string, string>> = { exit: "quit", q: "quit", "?": "help", h: "help" };

/** One run of the session, for /history and the summary. */
interface SessionRun {
  historyId?: number;
  input: string;
  output?: string;
  success: boolean;
  durationMs: number;
  error?: string;
}

/** The next free `<task>-NNN.<ext>` in a folder: numbering carries on from earlier sessions. */
export function nextNumberedOutput(
  dir: string,
  task: string,
  format: string,
  from = 1,
): { path: string; n: number } {
  for (let n = from; ; n++) {
    const path = join(dir, `${task}-${String(n).padStart(3, "0")}.${format}`);
    if (!existsSync(path)) return { path, n };
  }
}

/** Tab completion: `/commands` at the start of a line, else file and folder names. */
export function completeLine(
  line: string,
  cwd: string,
  commands: readonly (readonly [string, ...string[]])[] = COMMANDS,
): [string[], string] {
  if (/^\/\S*$/.test(line)) {
    const names = commands.map(([name]) => `/${name}`);
    const hits = names.filter((n) => n.startsWith(line));
    return [hits.length ? hits : names, line];
  }
  const word = /(\S*)$/.exec(line)?.[1] ?? "";
  const at = word.startsWith("@") ? "@" : "";
  const typed = word.slice(at.length);
  const expanded = expandTilde(typed);
  const folder = typed.endsWith("/") ? expanded : dirname(expanded);
  const prefix = typed.endsWith("/") ? "" : basename(expanded);
  let names: string[];
  try {
    names = readdirSync(resolve(cwd, folder), { withFileTypes: true })
      .filter((e) => e.name.startsWith(prefix) && (prefix.startsWith(".") || !e.name.startsWith(".")))
      .map((e) => `${e.name}${e.isDirectory() ? "/" : ""}`)
      .sort();
  } catch {
    return [[], word];
  }
  const base = typed.endsWith("/") ? typed : typed.slice(0, typed.length - prefix.length);
  return [names.map((n) => `${at}${base}${n}`), word];
}

/** Removes the quotes a terminal adds around a dropped file's path. */
function unquote(text: string): string {
  const m = /^(['"])(.*)\1$/.exec(text);
  return m ? m[2]! : text.replace(/\\ /g, " ");
}

/**
 * `hftool interactive -t TASK [-m MODEL]`: loads the pipeline once, then runs each line typed as
 * an input (a prompt, a path, or an `@` pick), writing numbered outputs. `/commands` change the
 * seed, output folder and parameters. Ctrl-C cancels the run in progress and returns to the
 * prompt; an error in one run leaves the session alive; every run goes into the history. Without
 * a terminal it reads one input per line from stdin.
 *
 * With a chat model (text generation with a chat template) the session is a conversation: each
 * line is a message, and the model sees the earlier ones with their replies (its oldest turns are
 * left out once the chat outgrows what it reads). `/new` starts over.
 */
const interactive: CommandHandler = async (args, context) => {
  const out = context.out;
  if (typeof args.task !== "string" || args.task.trim() === "") {
    throw new UsageError("Which task? Pass -t TASK.", { hint: "Example: hftool interactive -t tts" });
  }
  if (out.json) {
    throw new UsageError("--json does not fit an interactive session.", {
      hint: "For results as JSON, use a batch: hftool -t TASK --batch inputs.txt --json",
    });
  }
  const options = runOptionsFromArgs(args);
  const outputFlag = options.output;
  delete options.output;
  const {
    planRun,
    loadRunPipeline,
    prepareRunItem,
    executeRunItem,
    reportRunItem,
    historyDraft,
    completeHistoryDraft,
  } = await import("../run/run-task.js");
  const { appendHistory } = await import("@hftool/core");
  const { describeResult } = await import("../run/print-result.js");
  const plan = await planRun({ task: args.task, input: "", ...options }, context);
  const { task } = plan;
  if (options.dryRun) {
    throw new UsageError("--dry-run runs nothing, so there is no session to start.", {
      hint: `See the plan of one run: hftool -t ${task.name} -i INPUT --dry-run`,
    });
  }
  const loaded = await loadRunPipeline(plan, context);
  const terminal = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  const format = (options.format ?? task.defaultExtension).replace(/^\./, "").toLowerCase();
  if (!task.formats.includes(format)) {
    throw new UsageError(
      `${task.name} cannot write '${format}' files: it writes ${task.formats.join(", ")}.`,
    );
  }
  if (task.output === "audio") {
    plan.inference.checkAudioOutput({
      format,
      ffmpeg: plan.inference.findFfmpeg({ env: context.env }) ?? false,
    });
  }

  const session = {
    outputDir: resolve(context.cwd, expandTilde(outputFlag ?? plan.config.paths.outputDir)),
    seed: options.seed,
    extra: { ...options.extraParams } as Record<string, unknown>,
    runs: [] as SessionRun[],
    next: 1,
    /** The conversation so far, when the session is a chat. */
    chat: [] as ChatMessage[],
  };
  const chatModel =
    loaded.pipeline instanceof plan.inference.TextGenerationPipeline &&
    loaded.pipeline.chatTemplate !== undefined;
  /** A chat model talks as a chat unless told not to (`--no-chat`, `/params chat=false`). */
  const chatting = () => chatModel && session.extra.chat !== false;
  const commands = chatModel ? [...COMMANDS, ...CHAT_COMMANDS] : COMMANDS;
  const c = out.ce;
  const say = (text = "") => process.stderr.write(`${text}\n`);
  const where = (path: string) => {
    const rel = relative(context.cwd, path);
    return rel && !rel.startsWith("..") ? rel : path;
  };
  say(
    `${c.bold(`${task.name}`)} with ${loaded.ensured.id} on ${loaded.deviceLabel} (${loaded.pipeline.dtype}). ` +
      c.dim(
        chatting()
          ? "Type a message and press Enter: the model sees the whole conversation. /new starts over; /help lists commands."
          : `Type ${task.input === "text" ? "text" : `the path of ${task.input === "audio" ? "an audio" : `a ${task.input}`} file`} and press Enter; @ picks a file; /help lists commands.`,
      ),
  );

  const historyFile = join(getHftoolHome({ env: context.env }), "interactive_history");
  const promptHistory = terminal ? await readPromptHistory(historyFile) : [];
  const promptText = `${c.cyan(task.aliases[0] ?? task.name)}${c.dim(">")} `;

  // ── Ctrl-C: cancels the run in flight; at the prompt, twice leaves ──
  let running: AbortController | undefined;
  let cancels = 0;
  const previousListeners = process.listeners("SIGINT");
  const onSigint = () => {
    if (running && !running.signal.aborted) {
      cancels = 1;
      running.abort(new AbortError("Cancelled."));
      process.stderr.write(`\n${c.yellow("Cancelling…")} (Ctrl-C again to quit at once)\n`);
    } else {
      // a second Ctrl-C while cancelling, or a SIGINT from outside while waiting for input
      process.exit(130);
    }
  };
  process.removeAllListeners("SIGINT");
  process.on("SIGINT", onSigint);

  const ask = (): Promise<string | undefined> =>
    new Promise((resolveLine) => {
      const rl: Interface = createInterface({
        input: process.stdin,
        output: process.stderr,
        terminal: true,
        history: promptHistory,
        historySize: 1000,
        removeHistoryDuplicates: true,
        completer: (line: string) => completeLine(line, context.cwd, commands),
        tabSize: 4,
      });
      let answered = false;
      rl.on("line", (line) => {
        answered = true;
        cancels = 0;
        rl.close();
        resolveLine(line);
      });
      rl.on("SIGINT", () => {
        if (rl.line.length > 0) {
          // like a shell: Ctrl-C drops what was typed
          rl.write(null, { ctrl: true, name: "e" });
          rl.write(null, { ctrl: true, name: "u" });
          process.stderr.write("^C\n");
          rl.prompt();
          cancels = 0;
          return;
        }
        cancels++;
        if (cancels >= 2) {
          answered = true;
          rl.close();
          process.stderr.write("\n");
          resolveLine(undefined);
          return;
        }
        process.stderr.write(c.dim("\n(Ctrl-C again, /quit or Ctrl-D to leave)\n"));
        rl.prompt();
      });
      rl.on("close", () => {
        if (!answered) {
          process.stderr.write("\n");
          resolveLine(undefined);
        }
      });
      rl.setPrompt(promptText);
      rl.prompt();
    });

  // without a terminal: one input per line of stdin, read as it arrives
  const piped = terminal
    ? undefined
    : createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string | undefined> => {
    if (piped) {
      const { value, done } = await piped.next();
      return done ? undefined : (value as string);
    }
    return ask();
  };

  const status = async () => {
    const memory = process.memoryUsage();
    const { readGpuMemory } = await import("../run/read-gpu-memory.js");
    const gpu = loaded.device.device === "cpu" ? undefined : await readGpuMemory();
    const ok = session.runs.filter((r) => r.success).length;
    const rows = [
      ["Task", task.name],
      [
        "Model",
        `${loaded.ensured.id}${loaded.ensured.commit ? c.dim(` (${loaded.ensured.commit.slice(0, 10)})`) : ""}`,
      ],
      ["Device", `${loaded.deviceLabel} (${loaded.pipeline.dtype})`],
      [
        "Memory",
        `${formatBytes(memory.rss)} resident${gpu?.processBytes !== undefined ? `, ${formatBytes(gpu.processBytes)} on the GPU` : gpu ? `, GPU ${formatBytes(gpu.deviceUsedBytes)} of ${formatBytes(gpu.totalBytes)} in use` : ""}`,
      ],
      ["Runs", `${session.runs.length} (${ok} succeeded, ${session.runs.length - ok} failed)`],
      ["Seed", session.seed === undefined ? "new each run" : String(session.seed)],
      ["Output", session.outputDir],
      ["Params", Object.keys(session.extra).length ? JSON.stringify(session.extra) : "(defaults)"],
      ...(chatModel
        ? [
            [
              "Chat",
              chatting()
                ? `${session.chat.length} message${session.chat.length === 1 ? "" : "s"} so far`
                : "off (chat=false): each line stands alone",
            ],
          ]
        : []),
    ];
    say(
      out.table(
        rows.map(([k, v]) => [c.dim(k!), v!]),
        { indent: 2 },
      ),
    );
  };

  const command = async (line: string): Promise<"quit" | void> => {
    const [word = "", ...rest] = line.slice(1).trim().split(/\s+/);
    const name = ALIASES[word.toLowerCase()] ?? word.toLowerCase();
    const arg = rest.join(" ");
    switch (name) {
      case "help":
        say(
          out.table(
            commands.map(([, usage, help]) => [c.cyan(usage), help]),
            { indent: 2 },
          ),
        );
        say(
          c.dim(
            chatting()
              ? "  Anything else is a message to the model (\\/ for one starting with /), or a text file to send; @ picks a file, @@ a recent input. Tab completes."
              : `  Anything else is an input: ${task.input === "text" ? "the text to run (\\/ for text starting with /)" : "a file path"}; @ picks a file, @@ a recent input, @? asks step by step. Tab completes.`,
          ),
        );
        return;
      case "quit":
        return "quit";
      case "seed":
        if (arg === "") say(session.seed === undefined ? "Seed: new each run." : `Seed: ${session.seed}`);
        else if (/^(random|off|none)$/i.test(arg)) {
          session.seed = undefined;
          say("Seed: new each run.");
        } else if (/^\d+$/.test(arg) && Number.isSafeInteger(Number(arg))) {
          session.seed = Number(arg);
          say(`Seed: ${session.seed} for every run.`);
        } else say(c.red(`/seed takes a whole number or 'random', not '${arg}'.`));
        return;
      case "output":
        if (arg === "") say(`Outputs go to ${session.outputDir}`);
        else {
          const dir = resolve(context.cwd, expandTilde(unquote(arg)));
          if (existsSync(dir) && !statSync(dir).isDirectory()) {
            say(c.red(`${arg} is a file; /output takes a folder.`));
            return;
          }
          await mkdir(dir, { recursive: true });
          session.outputDir = dir;
          session.next = 1;
          say(`Outputs go to ${dir}`);
        }
        return;
      case "params": {
        if (arg === "") {
          say(
            Object.keys(session.extra).length
              ? JSON.stringify(session.extra)
              : "No parameters set (defaults).",
          );
          return;
        }
        if (arg === "clear") {
          session.extra = {};
          say("Parameters cleared.");
          return;
        }
        for (const pair of rest) {
          const eq = pair.indexOf("=");
          if (eq <= 0) {
            say(c.red(`'${pair}' is not key=value (e.g. /params steps=4 guidance_scale=0).`));
            return;
          }
          const key = pair.slice(0, eq).replace(/^--/, "").replace(/-/g, "_");
          const value = pair.slice(eq + 1);
          if (value === "") delete session.extra[key];
          else session.extra[key] = parseParamValue(value);
          const known = task.params.map((p) => p.name);
          if (value !== "" && key !== "seed" && !known.includes(key)) {
            const near = suggestClosest({ input: key, candidates: known });
            say(
              c.yellow(
                `'${key}' is not a parameter of ${task.name}${near.length ? ` (did you mean '${near[0]}'?)` : ""}.`,
              ),
            );
          }
        }
        say(`Params: ${Object.keys(session.extra).length ? JSON.stringify(session.extra) : "(defaults)"}`);
        return;
      }
      case "status":
        await status();
        return;
      case "new":
      case "system":
        if (!chatModel) {
          say(
            c.red(
              `/${name} is for chats: text generation with a model that has a chat template (hftool models -t llm).`,
            ),
          );
        } else if (name === "new") {
          session.chat = [];
          say("New conversation: the model has forgotten the earlier turns.");
        } else if (arg === "") {
          say(
            typeof session.extra.system === "string"
              ? `System prompt: ${session.extra.system}`
              : "No system prompt (/system TEXT sets one).",
          );
        } else if (/^(off|none|clear)$/i.test(arg)) {
          delete session.extra.system;
          say("System prompt removed.");
        } else {
          session.extra.system = arg;
          say("System prompt set; it applies from the next message, to the whole conversation.");
        }
        return;
      case "clear":
        process.stderr.write("\x1b[2J\x1b[3J\x1b[H");
        return;
      case "history":
        if (session.runs.length === 0) {
          say("No runs yet in this session.");
          return;
        }
        say(
          out.table(
            session.runs
              .slice(-20)
              .map((r) => [
                r.historyId !== undefined ? c.bold(`#${r.historyId}`) : "",
                r.success ? c.green("✓") : c.red("✗"),
                r.input.length > 40 ? `${r.input.slice(0, 39)}…` : r.input,
                r.output ? `→ ${where(r.output)}` : c.red(r.error ?? ""),
                c.dim(formatDuration(r.durationMs / 1000)),
              ]),
            { indent: 2 },
          ),
        );
        say(c.dim("  Details: hftool history --show ID   Repeat: hftool history --rerun ID"));
        return;
      default: {
        const near = suggestClosest({ input: name, candidates: commands.map(([n]) => n) });
        say(
          c.red(
            `Unknown command /${word}.${near.length ? ` Did you mean /${near[0]}?` : ""} /help lists them.`,
          ),
        );
      }
    }
  };

  const runLine = async (raw: string) => {
    let value = raw.trim();
    if (task.input !== "text") value = unquote(value);
    const started = performance.now();
    const controller = new AbortController();
    const runContext: CommandContext = { ...context, signal: controller.signal };
    let extra = { ...session.extra };
    let draft: Partial<NewHistoryEntry> | undefined;
    const record: SessionRun = { input: value, success: false, durationMs: 0 };
    /** The messages this line adds to the conversation, in a chat. */
    let turn: ChatMessage[] | undefined;
    try {
      if (value.startsWith("@") || value.startsWith("\\@")) {
        const { resolveInputReference } = await import("../interactive/resolve-input-reference.js");
        const resolved = await resolveInputReference({ value, task, context });
        value = resolved.input;
        record.input = value;
        if (resolved.extra) extra = { ...resolved.extra, ...extra };
      }
      let input = value;
      if (chatting()) {
        // a message can be typed, a text file, or a JSON chat: what the model reads joins the chat
        const { readRunInput } = await import("../run/read-run-input.js");
        const read = await readRunInput({
          raw: value,
          task,
          cwd: context.cwd,
          env: context.env,
          signal: controller.signal,
        });
        const text = read.kind === "text" ? read.text : "";
        const prepared = plan.inference.prepareTextTaskInput({ task: task.name, text });
        turn = prepared.messages ?? [{ role: "user", content: prepared.text }];
        // the first message runs as typed; later ones carry the conversation, so --rerun repeats it
        if (session.chat.length > 0) input = JSON.stringify([...session.chat, ...turn]);
      }
      const numbered = nextNumberedOutput(session.outputDir, task.name, format, session.next);
      session.next = numbered.n + 1;
      const spec = {
        input,
        output: numbered.path,
        ...(Object.keys(extra).length ? { extra } : {}),
        ...(session.seed !== undefined ? { seed: session.seed } : {}),
      };
      // extra already holds the session's params: the plan's own `--` params are its starting point
      draft = historyDraft(
        { ...plan, options: { ...plan.options, extraParams: {} } },
        spec,
        runContext,
        "interactive",
      );
      running = controller;
      const item = await prepareRunItem(
        { ...plan, options: { ...plan.options, extraParams: {} } },
        spec,
        runContext,
        started,
      );
      draft.params = item.params;
      const spinner = await startSpinner(runContext, `Running ${task.name}…`);
      // generated text goes to stdout as it comes
      const { createTextStream } = await import("../run/text-stream.js");
      const out = runContext.out;
      const stream =
        !out.json && !out.quiet && !item.toStdout ? createTextStream(spinner, out.stdout) : undefined;
      let done;
      try {
        done = await executeRunItem(loaded, item, runContext, (text) => spinner.update(text), stream);
      } catch (error) {
        stream?.end();
        spinner.stop();
        throw error;
      }
      stream?.end();
      if (stream?.wrote) done.streamed = true;
      spinner.succeed(`${describeResult(done.result)} in ${formatDuration(done.timings.run! / 1000)}`);
      running = undefined;
      completeHistoryDraft(draft, loaded, done);
      if (turn && done.result.kind === "generated-text") {
        // what the model could no longer read is forgotten, so its notice comes once
        const sent = [...session.chat, ...turn];
        const dropped = done.result.droppedMessages ?? 0;
        const system = sent.filter((m) => m.role === "system");
        session.chat = [
          ...system,
          ...sent.filter((m) => m.role !== "system").slice(dropped),
          { role: "assistant", content: done.result.text },
        ];
      }
      record.durationMs = performance.now() - started;
      record.success = true;
      if (done.written) record.output = done.written.path;
      await reportRunItem(loaded, item, done, runContext, { ...done.timings, total: record.durationMs });
    } catch (error) {
      running = undefined;
      record.durationMs = performance.now() - started;
      const cancelled = controller.signal.aborted;
      const shown = cancelled ? new AbortError("Cancelled; the session goes on.") : error;
      record.error = isHftoolError(shown)
        ? shown.message
        : error instanceof Error
          ? error.message
          : String(error);
      if (cancelled) process.stderr.write(`${c.yellow("Cancelled; the session goes on.")}\n`);
      else {
        process.stderr.write(
          `${formatError(error, {
            debug: ["1", "true", "yes"].includes((context.env.HFTOOL_DEBUG ?? "").toLowerCase()),
            colors: pc.createColors(colorEnabled(process.stderr, args.color as boolean | undefined)),
          })}\n`,
        );
      }
      if (draft) {
        completeHistoryDraft(draft, loaded);
        draft.error = isHftoolError(shown)
          ? { code: shown.code, message: shown.message }
          : { code: "UNEXPECTED", message: record.error };
      }
    } finally {
      running = undefined;
      session.runs.push(record);
    }
    if (draft) {
      try {
        const entry = await appendHistory({
          file: plan.config.paths.historyFile,
          entry: {
            extra: {},
            params: {},
            ...draft,
            input: draft.input ?? value,
            success: record.success,
            durationMs: Math.round(record.durationMs),
          } as NewHistoryEntry,
        });
        record.historyId = entry.id;
      } catch (error) {
        out.warn(
          `Could not add the run to the history: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  };

  try {
    for (;;) {
      const line = await nextLine();
      if (line === undefined) break;
      let trimmed = line.trim();
      if (trimmed === "") continue;
      if (terminal) await savePromptHistory(historyFile, trimmed);
      const isCommand = trimmed.startsWith("/") && !(task.input !== "text" && existsSync(unquote(trimmed)));
      if (isCommand) {
        if ((await command(trimmed)) === "quit") break;
        continue;
      }
      // `\/text` is text that starts with a slash
      if (trimmed.startsWith("\\/")) trimmed = trimmed.slice(1);
      await runLine(trimmed);
    }
  } finally {
    process.off("SIGINT", onSigint);
    for (const listener of previousListeners) process.on("SIGINT", listener as NodeJS.SignalsListener);
    await loaded.pipeline.dispose().catch(() => {});
  }
  const ok = session.runs.filter((r) => r.success).length;
  say(
    c.dim(
      `${session.runs.length} run${session.runs.length === 1 ? "" : "s"}${session.runs.length ? ` (${ok} succeeded${ok < session.runs.length ? `, ${session.runs.length - ok} failed` : ""})` : ""}. ` +
        (session.runs.length ? "They are in hftool history." : "Bye."),
    ),
  );
  return session.runs.some((r) => !r.success) && !terminal ? 1 : 0;
};

export default interactive;
