import { MODELS } from "./model-registry.js";
import type { ModelEntry } from "./types.js";

/** Parameters of {@link findModel}. */
export interface FindModelParams {
  /** Short name (`whisper-base`), repo id (`onnx-community/whisper-base`) or its last segment. */
  name: string;
  /** Prefer this task's entries (canonical name). */
  task?: string;
}

/**
 * Registry entries a name refers to: exact short name, then repo id (case-insensitive), then the
 * repo id's last segment. With `task`, that task's entries come first.
 */
export function findModel({ name, task }: FindModelParams): ModelEntry[] {
  const lower = name.toLowerCase();
  const matchers: ((m: ModelEntry) => boolean)[] = [
    (m) => m.name === name,
    (m) => m.name.toLowerCase() === lower,
    (m) => m.repo.toLowerCase() === lower,
    (m) => (m.repo.split("/").pop() ?? "").toLowerCase() === lower,
  ];
  for (const match of matchers) {
    const found = MODELS.filter(match);
    if (found.length > 0) {
      return task
        ? [...found.filter((m) => m.task === task), ...found.filter((m) => m.task !== task)]
        : found;
    }
  }
  return [];
}
