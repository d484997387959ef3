import { parseExtraArgs, UsageError } from "@hftool/core";
import type { CommandArgs } from "../spec/types.js";
import type { RunTaskOptions } from "./run-task.js";

/** The run flags shared by a single run and a batch (everything but `-i`). */
export function runOptionsFromArgs(args: CommandArgs): Omit<RunTaskOptions, "input" | "task"> {
  const str = (name: string) =>
    typeof args[name] === "string" || typeof args[name] === "number" ? String(args[name]) : undefined;
  if (args.seed !== undefined && !Number.isSafeInteger(args.seed)) {
    throw new UsageError(`--seed must be a whole number, not ${String(args.seed)}.`);
  }
  return {
    // yargs turns number-like words after "--" into numbers: give the parser the words as typed
    extraParams: {
      ...parseExtraArgs((args["--"] ?? []).map(String)),
      // image-to-image's run options stand for the same parameters after --
      ...(typeof args.prompt === "string" ? { prompt: args.prompt } : {}),
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
  };
}
