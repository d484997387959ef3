import { resolveTask } from "../tasks/resolve-task.js";
import { MODELS } from "./model-registry.js";
import type { ModelEntry } from "./types.js";

/**
 * The registry's default model for a task, or `undefined` for tasks without one (text-to-video).
 * @throws {TaskNotFoundError} when `task` is unknown.
 */
export function getDefaultModel(task: string): ModelEntry | undefined {
  const name = resolveTask(task).name;
  return MODELS.find((m) => m.task === name && m.default);
}
