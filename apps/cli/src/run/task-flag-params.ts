import { open, readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { expandTilde, InputError } from "@hftool/core";
import type { CommandArgs } from "../spec/types.js";
import { describeBinaryFile } from "./describe-binary-file.js";

/** Parameters of {@link taskFlagParams}. */
export interface TaskFlagParamsParams {
  args: CommandArgs;
  cwd: string;
}

/**
 * The text-task options of the run command as task parameters, so they mean the same as
 * `-- --context …` or a `[question-answering]` config table: `--context` (question answering;
 * the text, or a text file's contents) and `--dims` (embeddings: print the size). `--labels` is
 * read by the run command itself (it serves the zero-shot image task too).
 *
 * @throws {InputError} when `--context` names a file that is not text.
 */
export async function taskFlagParams({ args, cwd }: TaskFlagParamsParams): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  if (args.context !== undefined && args.context !== null) {
    const value = String(args.context);
    const path = resolve(cwd, expandTilde(value));
    const info =
      value.length < 4096 && value.trim() !== "" ? await stat(path).catch(() => undefined) : undefined;
    if (info?.isFile()) {
      const file = await open(path, "r");
      const head = Buffer.alloc(8192);
      const { bytesRead } = await file.read(head, 0, head.length, 0).finally(() => file.close());
      const kind = describeBinaryFile(head.subarray(0, bytesRead));
      if (kind) {
        throw new InputError(`--context ${value} is ${kind}, not text.`, {
          code: "INPUT_WRONG_KIND",
          hint: "Pass the context as text, or a text file.",
        });
      }
      params.context = await readFile(path, "utf8");
    } else {
      params.context = value;
    }
  }
  if (typeof args.dims === "boolean") params.dims = args.dims;
  return params;
}
