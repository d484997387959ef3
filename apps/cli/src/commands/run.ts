import { NotSupportedError, parseExtraArgs, resolveModel, resolveTask, UsageError } from "@hftool/core";
import type { CommandHandler } from "../spec/types.js";

/**
 * `hftool -t TASK -i INPUT`. Resolves and validates everything the run needs; the inference
 * engine that executes it arrives with @hftool/inference.
 */
const run: CommandHandler = async (args, context) => {
  if (typeof args.task !== "string") {
    throw new UsageError("Which task? Pass -t TASK.", {
      hint: "Run 'hftool tasks' to see every task, e.g. hftool -t asr -i talk.wav",
    });
  }
  const task = resolveTask(args.task);
  if (task.status === "unsupported") {
    throw new NotSupportedError(`${task.name} cannot run yet.`, { hint: task.unsupportedReason ?? "" });
  }
  const extra = parseExtraArgs(args["--"] ?? []);
  const config = context.config();
  const model = resolveModel({
    task: task.name,
    ...(typeof args.model === "string"
      ? { model: args.model }
      : config.task(task.name).model
        ? { model: config.task(task.name).model! }
        : {}),
    aliases: config.aliases,
    cwd: context.cwd,
  });
  if (args.input === undefined) {
    throw new UsageError(
      `Missing input: pass -i with ${task.input === "text" ? "some text" : `a ${task.input} file`}.`,
      {
        hint: `Example: hftool -t ${task.aliases[0] ?? task.name} -i ${task.input === "text" ? '"Hello world"' : "FILE"}`,
      },
    );
  }
  void extra;
  void model;
  throw new NotSupportedError(
    `Running ${task.name} needs the inference engine, which this build does not include yet.`,
    {
      hint: "Use 'hftool models' and 'hftool info' for now.",
    },
  );
};

export default run;
