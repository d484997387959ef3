import { MODELS } from "@hftool/core";

/** A model some task uses when the user names none. */
export interface DefaultModel {
  repo: string;
  /** Tasks that use it by default. */
  tasks: string[];
  /** Approximate download size, in bytes. */
  sizeBytes: number;
}

/** The registry's default models, one entry per repo (two tasks may share one), largest first. */
export function defaultModels(): DefaultModel[] {
  const byRepo = new Map<string, DefaultModel>();
  for (const model of MODELS) {
    if (!model.default) continue;
    const entry = byRepo.get(model.repo);
    if (entry) {
      entry.tasks.push(model.task);
      entry.sizeBytes = Math.max(entry.sizeBytes, model.sizeBytes);
    } else {
      byRepo.set(model.repo, { repo: model.repo, tasks: [model.task], sizeBytes: model.sizeBytes });
    }
  }
  return [...byRepo.values()].sort((a, b) => b.sizeBytes - a.sizeBytes);
}
