import { WindowCounter, type WindowLimit } from './window-counter';

export interface BudgetWait {
  key: string;
  /** When the window ends and the key may spend again. */
  untilMs: number;
  /** Whether this is the first refusal of this acquire (log once per wait, not per slice). */
  first: boolean;
}

export interface AcquireOptions {
  /** Called between slices of the wait: throw to give up (the run was stopped or lost its lease). */
  checkpoint?: () => void | Promise<void>;
  /** Told each time the budget is spent and the caller waits (metrics, logs). */
  onWait?: (wait: BudgetWait) => void;
}

/** A waiting caller wakes at least this often to run its checkpoint. */
const SLICE_MS = 1000;
/** Spread the waiters of one key over this much after the window opens, so they do not all race at its first millisecond. */
const WAKE_JITTER_MS = 250;

/** How long to sleep next: until the window ends (plus a little jitter), in slices of at most SLICE_MS. */
export function nextSleepMs(nowMs: number, untilMs: number, jitterMs: number): number {
  return Math.max(0, Math.min(SLICE_MS, untilMs + jitterMs - nowMs));
}

/**
 * A request budget per key (provider and company) shared by every replica: `acquire` takes one
 * request from the current window, or waits until a window has room. It never fails for lack of
 * budget: the caller's work is delayed, never dropped.
 */
export class RequestBudget {
  private readonly counter: WindowCounter;

  constructor(counter: WindowCounter, private readonly limit: WindowLimit, private readonly sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))) {
    this.counter = counter;
  }

  async acquire(key: string, options: AcquireOptions = {}): Promise<void> {
    let first = true;
    for (;;) {
      const verdict = await this.counter.take(key, this.limit);
      if (verdict.allowed) return;
      options.onWait?.({ key, untilMs: verdict.retryAtMs, first });
      first = false;
      const jitter = Math.floor(Math.random() * WAKE_JITTER_MS);
      for (let ms = nextSleepMs(Date.now(), verdict.retryAtMs, jitter); ms > 0; ms = nextSleepMs(Date.now(), verdict.retryAtMs, jitter)) {
        await this.sleep(ms);
        await options.checkpoint?.();
      }
    }
  }
}
