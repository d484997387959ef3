import { UsageError, type TaskDefinition } from "@hftool/core";

/**
 * Fails fast on a run that cannot work whatever the model does, before anything is downloaded or
 * loaded: a zero-shot image task without `--labels`.
 *
 * @throws {UsageError}
 */
export function checkTaskParams(task: TaskDefinition, params: Readonly<Record<string, unknown>>): void {
  if (task.name === "zero-shot-image-classification") {
    const labels = params.labels;
    const list = Array.isArray(labels) ? labels : typeof labels === "string" ? labels.split(",") : [];
    if (!list.some((label) => String(label).trim() !== "")) {
      throw new UsageError(`${task.name} needs the labels to choose from: pass --labels.`, {
        hint: `Example: hftool -t ${task.aliases[0] ?? task.name} -i photo.jpg --labels "cat,dog,a red car"`,
      });
    }
  }
}
