import { UsageError } from "@hftool/core";
import { runOptionsFromArgs } from "../run/run-options-from-args.js";
import type { CommandArgs, CommandHandler } from "../spec/types.js";

/** Adds the text-task options (`--context`, `--dims`) to the run's `--` parameters. */
async function withTaskFlags<T extends { extraParams: Record<string, unknown> }>(
  options: T,
  args: CommandArgs,
  cwd: string,
): Promise<T> {
  if (args.context === undefined && args.dims === undefined) return options;
  const { taskFlagParams } = await import("../run/task-flag-params.js");
  options.extraParams = { ...options.extraParams, ...(await taskFlagParams({ args, cwd })) };
  return options;
}

/**
 * `hftool -t TASK -i INPUT [-m MODEL] [-o OUT] …` and `hftool run …`: reads the flags, resolves
 * an `@` input (the file picker), then hands the run to `runTask` — or, with `--batch` /
 * `--batch-json`, to `runBatch`, or with `-I` to the wizard. Each is loaded here, not at startup,
 * so `--help` stays fast.
 */
const run: CommandHandler = async (args, context) => {
  if (args.wizard === true) {
    const { runWizard } = await import("../interactive/run-wizard.js");
    return runWizard(args, context);
  }
  if (typeof args.task !== "string" || args.task.trim() === "") {
    throw new UsageError("Which task? Pass -t TASK.", {
      hint: "Run 'hftool tasks' to see every task, e.g. hftool -t asr -i talk.wav (or hftool -I for a step-by-step wizard)",
    });
  }
  const batch = typeof args["batch-json"] === "string" ? args["batch-json"] : args.batch;
  if (typeof args.batch === "string" && typeof args["batch-json"] === "string") {
    throw new UsageError("Pass --batch or --batch-json, not both.");
  }
  if (typeof batch === "string") {
    if (typeof args.input === "string") {
      throw new UsageError("-i and a batch both say what to run.", {
        hint: "Put the input into the batch file, or drop --batch to run one input.",
      });
    }
    const { runBatch } = await import("../run/run-batch.js");
    return runBatch(
      {
        task: args.task,
        ...(await withTaskFlags(runOptionsFromArgs(args), args, context.cwd)),
        source: batch,
        structured: typeof args["batch-json"] === "string",
        skipExisting: args["skip-existing"] === true,
        ...(typeof args["batch-output-dir"] === "string" ? { outputDir: args["batch-output-dir"] } : {}),
      },
      context,
    );
  }
  if (args["batch-output-dir"] !== undefined || args["skip-existing"] === true) {
    throw new UsageError("--batch-output-dir and --skip-existing belong to a batch.", {
      hint: "Add --batch FILE (one input per line) or --batch-json FILE.",
    });
  }
  if ((typeof args.input !== "string" || args.input === "") && typeof args.prompt === "string") {
    // text-to-image reads its prompt as the input: --prompt "…" says the same
    const { resolveTask } = await import("@hftool/core");
    if (resolveTask(args.task).input === "text") [args.input, args.prompt] = [args.prompt, undefined];
  }
  if (typeof args.input !== "string" || args.input === "") {
    const { resolveTask } = await import("@hftool/core");
    const task = resolveTask(args.task);
    throw new UsageError(
      `Missing input: pass -i with ${task.input === "text" ? "some text" : task.input === "image" ? "an image file" : `${/^[aeiou]/.test(task.input) ? "an" : "a"} ${task.input} file`}.`,
      {
        hint: `Example: hftool -t ${task.aliases[0] ?? task.name} -i ${task.input === "text" ? '"Hello world"' : "FILE"} (or -i @ to pick a file, -i @? to be asked)`,
      },
    );
  }
  const options = await withTaskFlags(runOptionsFromArgs(args), args, context.cwd);
  let input = args.input;
  if (input.startsWith("@") || input.startsWith("\\@")) {
    const { resolveTask } = await import("@hftool/core");
    const { resolveInputReference } = await import("../interactive/resolve-input-reference.js");
    const resolved = await resolveInputReference({ value: input, task: resolveTask(args.task), context });
    input = resolved.input;
    // what the builder asked for sits below what the command line says after --
    if (resolved.extra) options.extraParams = { ...resolved.extra, ...options.extraParams };
  }
  const { runTask } = await import("../run/run-task.js");
  await runTask({ task: args.task, input, ...options }, context);
  return 0;
};

export default run;
