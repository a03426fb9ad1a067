/**
 * mulberry32: a small seeded PRNG for tests and benchmarks that must replay the same choices from a
 * seed (reproducible, not cryptographic: never use it for ids, tokens or anything secret). Returns
 * a generator of floats in [0, 1); the same seed always gives the same sequence. The seed is taken
 * as an unsigned 32-bit integer (`seed >>> 0`), so -1 and 4294967295 are the same seed.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
