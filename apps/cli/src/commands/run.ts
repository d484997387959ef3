import { parseExtraArgs, UsageError } from "@hftool/core";
import type { CommandHandler } from "../spec/types.js";

/**
 * `hftool -t TASK -i INPUT [-m MODEL] [-o OUT] …` and `hftool run …`: reads the flags, then hands
 * the run to `runTask` (loaded here, not at startup, so `--help` stays fast).
 */
const run: CommandHandler = async (args, context) => {
  if (typeof args.task !== "string" || args.task.trim() === "") {
    throw new UsageError("Which task? Pass -t TASK.", {
      hint: "Run 'hftool tasks' to see every task, e.g. hftool -t asr -i talk.wav",
    });
  }
  let input = args.input;
  let prompt = typeof args.prompt === "string" ? args.prompt : undefined;
  if (typeof input !== "string" || input === "") {
    const { resolveTask } = await import("@hftool/core");
    const task = resolveTask(args.task);
    // text-to-image reads its prompt as the input: --prompt "…" says the same
    if (task.input === "text" && prompt !== undefined) [input, prompt] = [prompt, undefined];
  }
  if (typeof input !== "string" || input === "") {
    const { resolveTask } = await import("@hftool/core");
    const task = resolveTask(String(args.task));
    throw new UsageError(
      `Missing input: pass -i with ${task.input === "text" ? "some text" : task.input === "image" ? "an image file" : `a ${task.input} file`}.`,
      {
        hint: `Example: hftool -t ${task.aliases[0] ?? task.name} -i ${task.input === "text" ? '"Hello world"' : "FILE"}`,
      },
    );
  }
  const str = (name: string) =>
    typeof args[name] === "string" || typeof args[name] === "number" ? String(args[name]) : undefined;
  if (args.seed !== undefined && !Number.isSafeInteger(args.seed)) {
    throw new UsageError(`--seed must be a whole number, not ${String(args.seed)}.`);
  }
  const { runTask } = await import("../run/run-task.js");
  await runTask(
    {
      task: args.task,
      input,
      // yargs turns number-like words after "--" into numbers: give the parser the words as typed
      extraParams: {
        ...parseExtraArgs((args["--"] ?? []).map(String)),
        // image-to-image's run options stand for the same parameters after --
        ...(prompt !== undefined ? { prompt } : {}),
        ...(typeof args.strength === "number" ? { strength: args.strength } : {}),
      },
      metadata: args.metadata !== false,
      dryRun: args["dry-run"] === true,
      ...(str("model") !== undefined ? { model: str("model")! } : {}),
      ...(str("revision") !== undefined ? { revision: str("revision")! } : {}),
      ...(str("output") !== undefined ? { output: str("output")! } : {}),
      ...(str("format") !== undefined ? { format: str("format")! } : {}),
      ...(str("device") !== undefined ? { device: str("device")! } : {}),
      ...(str("gpu") !== undefined ? { gpu: str("gpu")! } : {}),
      ...(str("dtype") !== undefined ? { dtype: str("dtype")! } : {}),
      ...(typeof args.seed === "number" ? { seed: args.seed } : {}),
      ...(str("labels") !== undefined ? { labels: str("labels")! } : {}),
      ...(typeof args.open === "boolean" ? { open: args.open } : {}),
    },
    context,
  );
  return 0;
};

export default run;
