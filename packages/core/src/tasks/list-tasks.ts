import { TASKS } from "./task-registry.js";
import type { TaskDefinition } from "./types.js";

/** Parameters of {@link listTasks}. */
export interface ListTasksParams {
  /** Include tasks that cannot run yet (text-to-video). @default true */
  includeUnsupported?: boolean;
}

/** Every task, in display order. */
export function listTasks(params: ListTasksParams = {}): readonly TaskDefinition[] {
  const { includeUnsupported = true } = params;
  return includeUnsupported ? TASKS : TASKS.filter((t) => t.status === "available");
}
