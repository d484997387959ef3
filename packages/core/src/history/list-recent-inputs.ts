import { existsSync, statSync } from "node:fs";
import { isAbsolute } from "node:path";
import { hasInputExtension } from "../file-picker/input-extensions.js";
import { findTask } from "../tasks/resolve-task.js";
import type { InputKind } from "../tasks/types.js";
import { readHistory } from "./read-history.js";

/** Something used (or made) by an earlier run, offered again by the `@@` picker. */
export interface RecentInput {
  /** A file path (absolute, as the history keeps it) or, for text tasks, the text. */
  value: string;
  kind: "file" | "text";
  /** Whether the run read it or wrote it (an output can be the next run's input). */
  role: "input" | "output";
  /** The history entry it comes from. */
  id: number;
  time: string;
  task: string;
}

/** Parameters of {@link listRecentInputs}. */
export interface ListRecentInputsParams {
  /** The history file. */
  file: string;
  /** The kind of input wanted: text offers earlier prompts and text files, others files of that kind. */
  kind: InputKind;
  /** Most entries returned. @default 20 */
  limit?: number;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Inputs of earlier runs that fit a task, newest first and without repeats: files of the right
 * kind that still exist (inputs and outputs alike: yesterday's speech is today's transcript
 * input), and for text tasks the texts given to text tasks.
 */
export async function listRecentInputs({
  file,
  kind,
  limit = 20,
}: ListRecentInputsParams): Promise<RecentInput[]> {
  const { entries } = await readHistory({ file });
  const seen = new Set<string>();
  const found: RecentInput[] = [];
  const add = (candidate: RecentInput) => {
    if (found.length >= limit || seen.has(candidate.value)) return;
    seen.add(candidate.value);
    found.push(candidate);
  };
  for (const entry of entries) {
    const base = { id: entry.id, time: entry.time, task: entry.task };
    const takesText = findTask(entry.task)?.input === "text";
    const input = entry.input;
    if (input && input !== "-" && !/^https?:\/\//i.test(input)) {
      if (kind === "text" && takesText) {
        if (input.trim() !== "") add({ ...base, value: input, kind: "text", role: "input" });
      } else if (!takesText && isAbsolute(input) && hasInputExtension(input, kind) && isFile(input)) {
        add({ ...base, value: input, kind: "file", role: "input" });
      }
    }
    const output = entry.output;
    if (output && hasInputExtension(output, kind) && existsSync(output) && isFile(output)) {
      add({ ...base, value: output, kind: "file", role: "output" });
    }
    if (found.length >= limit) break;
  }
  return found;
}
