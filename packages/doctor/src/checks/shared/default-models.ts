import { getDefaultModel, MODELS } from "@hftool/core";

/** A model some task uses when the user names none. */
export interface DefaultModel {
  repo: string;
  /** Tasks that use it by default. */
  tasks: string[];
  /** Approximate download size, in bytes. */
  sizeBytes: number;
  /** The registry default it stands in for, when that one cannot run on the given providers. */
  insteadOf?: string;
}

/** Options of {@link defaultModels}. */
export interface DefaultModelsOptions {
  /**
   * The execution providers runs will use (`["cpu"]`): a task whose default cannot run on them
   * counts the model hftool picks instead (as `hftool -t TASK` does). @default every default as registered
   */
  providers?: readonly string[];
}

/** The default models, one entry per repo (two tasks may share one), largest first. */
export function defaultModels(options: DefaultModelsOptions = {}): DefaultModel[] {
  const byRepo = new Map<string, DefaultModel>();
  const tasks = new Set(MODELS.filter((m) => m.default).map((m) => m.task));
  for (const task of tasks) {
    const registered = getDefaultModel(task)!;
    const model = options.providers ? getDefaultModel(task, { providers: options.providers }) : registered;
    if (!model) continue;
    const entry = byRepo.get(model.repo);
    if (entry) {
      entry.tasks.push(task);
      entry.sizeBytes = Math.max(entry.sizeBytes, model.sizeBytes);
    } else {
      byRepo.set(model.repo, {
        repo: model.repo,
        tasks: [task],
        sizeBytes: model.sizeBytes,
        ...(model.repo !== registered.repo ? { insteadOf: registered.repo } : {}),
      });
    }
  }
  return [...byRepo.values()].sort((a, b) => b.sizeBytes - a.sizeBytes);
}
