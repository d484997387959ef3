import { resolveTask } from "../tasks/resolve-task.js";
import { MODELS } from "./model-registry.js";
import type { ModelEntry } from "./types.js";

/** Parameters of {@link listModels}. */
export interface ListModelsParams {
  /** Only this task's models (name or alias). */
  task?: string;
}

/**
 * The registry's models, grouped in task order, default first within a task.
 * @throws {TaskNotFoundError} when `task` is unknown.
 */
export function listModels(params: ListModelsParams = {}): readonly ModelEntry[] {
  if (params.task === undefined) return MODELS;
  const task = resolveTask(params.task).name;
  const models = MODELS.filter((m) => m.task === task);
  return [...models.filter((m) => m.default), ...models.filter((m) => !m.default)];
}
