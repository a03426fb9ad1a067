import { retryAfterSeconds, windowAt } from './fixed-window';

describe('fixed windows', () => {
  it('aligns windows on the epoch, so every replica computes the same one', () => {
    expect(windowAt(0, 60_000)).toEqual({ index: 0, startMs: 0, endMs: 60_000 });
    expect(windowAt(59_999, 60_000).index).toBe(0);
    expect(windowAt(60_000, 60_000)).toEqual({ index: 1, startMs: 60_000, endMs: 120_000 });
    expect(windowAt(125_000, 60_000)).toEqual({ index: 2, startMs: 120_000, endMs: 180_000 });
  });

  it('says how many whole seconds remain, rounding up and never 0', () => {
    const w = windowAt(61_000, 60_000);
    expect(retryAfterSeconds(61_000, w)).toBe(59);
    expect(retryAfterSeconds(119_001, w)).toBe(1);
    expect(retryAfterSeconds(119_999, w)).toBe(1);
    expect(retryAfterSeconds(60_000, w)).toBe(60);
  });

  it('refuses a window that is not positive', () => {
    expect(() => windowAt(1, 0)).toThrow(/positive/);
  });
});
