const MASK64 = (1n << 64n) - 1n;

/** Largest seed accepted: seeds are unsigned 64-bit integers, `number` seeds must be safe integers. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/**
 * SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", 2014), used
 * only to spread a user's seed over xoshiro's 128-bit state, as its authors recommend.
 */
function* splitMix64(seed: bigint): Generator<bigint, never> {
  let state = seed & MASK64;
  for (;;) {
    state = (state + 0x9e3779b97f4a7c15n) & MASK64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    yield z ^ (z >> 31n);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * A seeded random number generator of our own, so that the same seed gives the same image on
 * every run and every platform: xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear
 * pseudorandom number generators", 2018) for uniform numbers, and the Box–Muller transform for
 * standard normal ones. Only 32-bit integer arithmetic (`Math.imul`) and `Math.log/sqrt/cos/sin`
 * are involved, which V8 computes identically on every platform.
 */
export class SeededRandom {
  readonly #state = new Uint32Array(4);
  #spareNormal: number | undefined;

  /**
   * @param seed - an unsigned integer (a safe `number` or any 64-bit `bigint`). The four state words
   *   are the low and high halves of SplitMix64's first two outputs for that seed.
   */
  constructor(seed: number | bigint) {
    if (typeof seed === "number" && (!Number.isSafeInteger(seed) || seed < 0)) {
      throw new RangeError(`A seed must be a non-negative safe integer, got ${seed}.`);
    }
    const mix = splitMix64(BigInt(seed));
    const a = mix.next().value;
    const b = mix.next().value;
    this.#state[0] = Number(a & 0xffffffffn);
    this.#state[1] = Number(a >> 32n);
    this.#state[2] = Number(b & 0xffffffffn);
    this.#state[3] = Number(b >> 32n);
  }

  /** A generator started from an explicit xoshiro128** state (for tests against the reference). */
  static fromState(state: readonly [number, number, number, number]): SeededRandom {
    const random = new SeededRandom(0);
    random.#state.set(state.map((word) => word >>> 0));
    return random;
  }

  /** The next 32-bit unsigned integer of the xoshiro128** sequence. */
  nextUint32(): number {
    const s = this.#state;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A standard normal number (mean 0, variance 1), two per Box–Muller pair. */
  nextNormal(): number {
    if (this.#spareNormal !== undefined) {
      const spare = this.#spareNormal;
      this.#spareNormal = undefined;
      return spare;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.nextFloat()));
    const angle = 2 * Math.PI * this.nextFloat();
    this.#spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** `count` standard normal numbers as float32, e.g. the initial latents. */
  normalArray(count: number): Float32Array {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.nextNormal();
    return out;
  }
}
