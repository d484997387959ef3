import { describe, expect, it } from "@jest/globals";
import { SeededRandom } from "../../../diffusion/random/seeded-random.js";
import { sampleToken } from "./sample-token.js";

const draws = (
  logits: number[],
  settings: { temperature: number; topK: number; topP: number },
  n: number,
  seed = 7,
) => {
  const random = new SeededRandom(seed);
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const t = sampleToken(logits, settings, () => random.nextFloat());
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return counts;
};

describe("sampleToken", () => {
  it("draws tokens in proportion to softmax(logits / temperature)", () => {
    // p = [0.5, 0.25, 0.25]
    const logits = [Math.log(2), 0, 0];
    const counts = draws(logits, { temperature: 1, topK: 0, topP: 1 }, 20000);
    expect(counts.get(0)! / 20000).toBeCloseTo(0.5, 1);
    expect(counts.get(1)! / 20000).toBeCloseTo(0.25, 1);
    expect(counts.get(2)! / 20000).toBeCloseTo(0.25, 1);
    // a low temperature sharpens the distribution towards the most likely token
    const cold = draws(logits, { temperature: 0.1, topK: 0, topP: 1 }, 2000);
    expect(cold.get(0)! / 2000).toBeGreaterThan(0.99);
  });

  it("keeps only the k most likely tokens, and the nucleus of mass top_p", () => {
    const logits = [3, 2, 1, 0, -1];
    expect([...draws(logits, { temperature: 1, topK: 2, topP: 1 }, 3000).keys()].sort()).toEqual([0, 1]);
    // softmax([3,2,1,0,-1]) ≈ [0.64, 0.23, 0.09, 0.03, 0.01]: 0.8 needs the first two
    expect([...draws(logits, { temperature: 1, topK: 0, topP: 0.8 }, 3000).keys()].sort()).toEqual([0, 1]);
    expect([...draws(logits, { temperature: 1, topK: 0, topP: 0.5 }, 3000).keys()]).toEqual([0]);
    // top-k first, then top-p within the k kept (as transformers does)
    expect([...draws(logits, { temperature: 1, topK: 3, topP: 0.99 }, 3000).keys()].sort()).toEqual([
      0, 1, 2,
    ]);
  });

  it("never draws a forbidden (-Infinity) token, and says when nothing is left", () => {
    const counts = draws([-Infinity, 0, -Infinity, 0], { temperature: 1, topK: 0, topP: 1 }, 1000);
    expect([...counts.keys()].sort()).toEqual([1, 3]);
    expect(sampleToken([-Infinity, -Infinity], { temperature: 1, topK: 0, topP: 1 }, Math.random)).toBe(-1);
  });

  it("gives the same tokens for the same seed and different ones for another", () => {
    const logits = Array.from({ length: 1000 }, (_, i) => Math.sin(i));
    const sequence = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 50 }, () =>
        sampleToken(logits, { temperature: 1, topK: 0, topP: 0.9 }, () => random.nextFloat()),
      );
    };
    expect(sequence(42)).toEqual(sequence(42));
    expect(sequence(42)).not.toEqual(sequence(43));
  });

  it("breaks ties towards the lower token id with a random number of 0", () => {
    expect(sampleToken([1, 5, 5, 2], { temperature: 1, topK: 0, topP: 1 }, () => 0)).toBe(1);
    expect(sampleToken([1, 5, 5, 2], { temperature: 1, topK: 2, topP: 1 }, () => 0.99)).toBe(2);
  });
});
