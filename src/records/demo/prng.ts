/**
 * A small seeded random number generator for the demonstration data: `xmur3` turns a string seed
 * into 32-bit state words and `sfc32` (Chris Doty-Humphrey's Small Fast Counting generator, as in
 * PractRand) produces the stream. Both are well known and use only 32-bit integer arithmetic, so
 * the same seed gives the same numbers on every platform and Node version — which `Math.random`
 * does not promise.
 */

/** xmur3 string hash: returns a function yielding successive 32-bit seeds derived from `str`. */
function xmur3(str: string): () => number {
  let h = 1779033703 ^ str.length;
  for (let i = 0; i < str.length; i++) {
    h = Math.imul(h ^ str.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return h >>> 0;
  };
}

/** sfc32: returns floats in [0, 1). */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform float in [min, max). */
  range(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A uniformly chosen element. */
  pick<T>(items: readonly T[]): T;
  /** An element chosen with probability proportional to `weight(item)`. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T;
  /** Fisher–Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[];
}

/**
 * A seeded generator. Every distinct `seed` string gives an independent stream, so callers derive
 * sub-streams by name (`createRng(`${seed}:${adcode}`)`) and one part of the data does not shift
 * when another part changes.
 *
 * @example createRng('2025:220102').int(10) // same number on every run
 */
export function createRng(seed: string): Rng {
  const s = xmur3(seed);
  const next = sfc32(s(), s(), s(), s());
  // Discard the first outputs: sfc32's state mixes poorly for the first few rounds.
  for (let i = 0; i < 12; i++) next();
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    range: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: (items) => {
      if (!items.length) throw new Error('pick from an empty list');
      return items[int(items.length)]!;
    },
    weighted: <T>(items: readonly T[], weight: (item: T) => number): T => {
      let total = 0;
      for (const item of items) total += Math.max(0, weight(item));
      if (!(total > 0)) throw new Error('weighted pick with no positive weight');
      let r = next() * total;
      let last: T | undefined;
      for (const item of items) {
        const w = Math.max(0, weight(item));
        if (w > 0) last = item;
        r -= w;
        if (r < 0 && w > 0) return item;
      }
      return last!; // floating-point rounding left r at ~0: the last positive item
    },
    shuffle: (items) => {
      const a = [...items];
      for (let i = a.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [a[i], a[j]] = [a[j]!, a[i]!];
      }
      return a;
    },
  };
}
