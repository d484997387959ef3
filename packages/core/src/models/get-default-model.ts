import { resolveTask } from "../tasks/resolve-task.js";
import { MODELS } from "./model-registry.js";
import { modelRunsOn } from "./model-runs-on.js";
import type { ModelEntry } from "./types.js";

/** Options of {@link getDefaultModel}. */
export interface GetDefaultModelOptions {
  /**
   * Execution providers the model must run on (`["cpu"]`): when the task's default cannot, the
   * first of the task's registry models that can is returned instead, or `undefined`.
   */
  providers?: readonly string[];
}

/**
 * The registry's default model for a task, or `undefined` for tasks without one (text-to-video).
 * @throws {TaskNotFoundError} when `task` is unknown.
 */
export function getDefaultModel(task: string, options: GetDefaultModelOptions = {}): ModelEntry | undefined {
  const name = resolveTask(task).name;
  const fallback = MODELS.find((m) => m.task === name && m.default);
  const { providers } = options;
  if (!fallback || !providers || modelRunsOn({ entry: fallback, providers })) return fallback;
  return MODELS.find((m) => m.task === name && modelRunsOn({ entry: m, providers }));
}
