/** A fixed window of `windowMs` milliseconds: windows are aligned on the epoch, so every replica agrees. */
export interface FixedWindow {
  /** Number of the window since the epoch (what the counter stores). */
  index: number;
  startMs: number;
  endMs: number;
}

export function windowAt(nowMs: number, windowMs: number): FixedWindow {
  if (!(windowMs > 0)) throw new Error(`window must be positive, got ${windowMs}`);
  const index = Math.floor(nowMs / windowMs);
  return { index, startMs: index * windowMs, endMs: (index + 1) * windowMs };
}

/** Whole seconds until the window ends, at least 1: what a `Retry-After` header says. */
export function retryAfterSeconds(nowMs: number, window: FixedWindow): number {
  return Math.max(1, Math.ceil((window.endMs - nowMs) / 1000));
}
