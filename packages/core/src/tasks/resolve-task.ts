import { TaskNotFoundError } from "../errors/errors.js";
import { suggestClosest } from "../suggest/suggest-closest.js";
import { TASKS } from "./task-registry.js";
import type { TaskDefinition } from "./types.js";

const byName = new Map<string, TaskDefinition>();
for (const task of TASKS) {
  byName.set(task.name, task);
  for (const alias of task.aliases) byName.set(alias, task);
}

/** Normalises how people write task names: `Text_To_Image`, `text to image` → `text-to-image`. */
function normalise(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");
}

/**
 * The task a name or alias refers to, or `undefined`.
 *
 * @example findTask("asr")?.name // "automatic-speech-recognition"
 */
export function findTask(name: string): TaskDefinition | undefined {
  return byName.get(normalise(name));
}

/**
 * The task a name or alias refers to.
 *
 * @throws {TaskNotFoundError} with "did you mean" suggestions when nothing matches.
 * @example resolveTask("t2i").name // "text-to-image"
 */
export function resolveTask(name: string): TaskDefinition {
  const task = findTask(name);
  if (task) return task;
  throw new TaskNotFoundError(name, suggestClosest({ input: normalise(name), candidates: byName.keys() }));
}
