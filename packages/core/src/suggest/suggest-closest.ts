import type * as Levenshtein from "fastest-levenshtein";
import { lazyRequire } from "../internal/lazy-require.js";

const levenshtein = lazyRequire<typeof Levenshtein>("fastest-levenshtein");

/** Parameters of {@link suggestClosest}. */
export interface SuggestClosestParams {
  /** What the user typed. */
  input: string;
  /** Known names to compare against. */
  candidates: Iterable<string>;
  /** Most suggestions returned. @default 3 */
  limit?: number;
}

/**
 * Names close to a misspelt one, best first, for "did you mean" hints.
 * A candidate qualifies when its edit distance is small for its length, or when one name contains
 * the other (`whisper` → `whisper-base`).
 */
export function suggestClosest({ input, candidates, limit = 3 }: SuggestClosestParams): string[] {
  const needle = input.toLowerCase();
  if (needle.length === 0) return [];
  const { distance } = levenshtein();
  const scored: { name: string; score: number }[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    const hay = candidate.toLowerCase();
    const d = distance(needle, hay);
    const allowed = Math.max(1, Math.ceil(Math.max(needle.length, hay.length) / 3));
    if (d <= allowed) {
      scored.push({ name: candidate, score: d });
    } else if (needle.length >= 3 && (hay.includes(needle) || needle.includes(hay))) {
      scored.push({ name: candidate, score: allowed + 1 + Math.abs(hay.length - needle.length) / 100 });
    }
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  // A clearly better match hides the distant ones ("imag" → image, not also video).
  const best = scored[0]?.score ?? 0;
  return scored
    .filter((s) => s.score <= best + 1)
    .slice(0, limit)
    .map((s) => s.name);
}
