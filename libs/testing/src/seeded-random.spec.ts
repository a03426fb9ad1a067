import { mulberry32 } from './seeded-random';

const take = (next: () => number, n: number) => Array.from({ length: n }, () => next());

describe('mulberry32', () => {
  it('gives the same sequence for the same seed', () => {
    expect(take(mulberry32(20261203), 100)).toEqual(take(mulberry32(20261203), 100));
  });

  it('gives a different sequence for a different seed', () => {
    expect(take(mulberry32(1), 10)).not.toEqual(take(mulberry32(2), 10));
  });

  it('keeps the sequence recorded seeds replay (CONVERGENCE_SEED, the benchmark company)', () => {
    expect(take(mulberry32(1), 3)).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    expect(take(mulberry32(0), 2)).toEqual([0.26642920868471265, 0.0003297457005828619]);
  });

  it('takes the seed as an unsigned 32-bit integer', () => {
    expect(take(mulberry32(-1), 5)).toEqual(take(mulberry32(4294967295), 5));
  });

  it('returns values in [0, 1)', () => {
    for (const seed of [0, 1, 4, 20261203, 0x5bd1e995, 4294967295]) {
      const values = take(mulberry32(seed), 10_000);
      expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...values)).toBeLessThan(1);
    }
  });
});
