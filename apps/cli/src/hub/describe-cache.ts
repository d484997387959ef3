import { MODELS, type ModelEntry } from "@hftool/core";
import type { CachedRepo } from "@hftool/download";

/** Registry entries of a cached repo (a repo can serve several tasks). */
export function registryEntriesOf(repo: string): ModelEntry[] {
  return MODELS.filter((m) => m.repo.toLowerCase() === repo.toLowerCase());
}

/** `main, v1.0` or the short commit of a detached revision. */
export function describeRefs(repo: CachedRepo): string {
  const names = Object.keys(repo.refs);
  if (names.length > 0) return names.join(", ");
  return repo.revisions.map((r) => r.commit.slice(0, 10)).join(", ");
}

/** Files the saved listing names that are not in the cache, over every revision a ref points at. */
export function missingFiles(repo: CachedRepo): number | undefined {
  const current = repo.revisions.filter((r) => r.refs.length > 0);
  const revisions = current.length > 0 ? current : repo.revisions;
  if (revisions.every((r) => r.missing === undefined)) return undefined;
  return Math.min(...revisions.map((r) => r.missing?.length ?? 0));
}
