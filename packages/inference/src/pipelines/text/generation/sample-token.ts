/** How the next token is drawn. */
export interface SamplingSettings {
  /** Divides the logits; above 0 (0 means greedy, which never reaches here). */
  temperature: number;
  /** Keep only the k most likely tokens; 0 keeps all. */
  topK: number;
  /** Keep the most likely tokens whose probabilities add up to this (nucleus sampling); 1 keeps all. */
  topP: number;
}

/** Indices of the `k` largest finite values, largest first (ties: lower index first). */
function topIndices(values: ArrayLike<number>, k: number): number[] {
  if (k > 256) {
    // a large k (top_k 0 = the whole vocabulary): one sort beats insertion
    const all: number[] = [];
    for (let i = 0; i < values.length; i++) if (values[i]! > -Infinity) all.push(i);
    return all.sort((a, b) => values[b]! - values[a]!).slice(0, k);
  }
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === -Infinity || Number.isNaN(v)) continue;
    if (best.length === k && v <= values[best[k - 1]!]!) continue;
    // binary search for the insertion point (stable: after equal values)
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[best[mid]!]! >= v) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}

/**
 * Draws the next token from a row of logits the way Hugging Face transformers samples: temperature,
 * then top-k, then top-p (nucleus), then one draw from what is left. The randomness comes from
 * `random` (uniform in [0, 1)), so a seeded generator gives the same token every time.
 * Logits of -Infinity (tokens forbidden by earlier processors) are never drawn.
 *
 * @returns the token id, or -1 when every logit is -Infinity.
 */
export function sampleToken(
  logits: ArrayLike<number>,
  settings: SamplingSettings,
  random: () => number,
): number {
  const k = settings.topK > 0 ? Math.min(settings.topK, logits.length) : logits.length;
  const candidates = topIndices(logits, k);
  if (candidates.length === 0) return -1;
  const max = logits[candidates[0]!]!;
  const weights = candidates.map((i) => Math.exp((logits[i]! - max) / settings.temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let kept = candidates.length;
  if (settings.topP < 1) {
    let mass = 0;
    for (let j = 0; j < candidates.length; j++) {
      mass += weights[j]! / total;
      if (mass >= settings.topP) {
        kept = j + 1;
        break;
      }
    }
  }
  let keptTotal = 0;
  for (let j = 0; j < kept; j++) keptTotal += weights[j]!;
  let r = random() * keptTotal;
  for (let j = 0; j < kept; j++) {
    r -= weights[j]!;
    if (r < 0) return candidates[j]!;
  }
  return candidates[kept - 1]!;
}
