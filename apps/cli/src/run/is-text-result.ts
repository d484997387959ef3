import type { TaskResult, TextTaskResult } from "@hftool/inference";

const TEXT_KINDS: ReadonlySet<string> = new Set([
  "text-labels",
  "entities",
  "answers",
  "mask-fills",
  "generated-text",
  "embeddings",
]);

/** Whether a result comes from a text task. */
export function isTextResult(result: TaskResult): result is TextTaskResult {
  return TEXT_KINDS.has(result.kind);
}
