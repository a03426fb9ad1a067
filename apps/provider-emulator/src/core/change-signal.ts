/**
 * Wakes whoever waits for an account's next change. The admin API's "wait for a change" uses it,
 * so that a benchmark or test watching for our writes does not poll the emulator over HTTP (at
 * 10 ms per account that was itself a load on the process serving the writes it timed).
 */
export class ChangeSignal {
  private readonly waiters = new Map<string, Set<() => void>>();

  notify(key: string): void {
    const waiting = this.waiters.get(key);
    if (!waiting) return;
    this.waiters.delete(key);
    for (const wake of waiting) wake();
  }

  /** Resolves with `current()` once it is above `after`, or when `timeoutMs` has passed. */
  async above(key: string, current: () => number, after: number, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (let left = timeoutMs; current() <= after && left > 0; left = deadline - Date.now()) {
      await new Promise<void>((resolve) => {
        const waiting = this.waiters.get(key) ?? new Set<() => void>();
        const wake = () => {
          clearTimeout(timer);
          waiting.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        waiting.add(wake);
        this.waiters.set(key, waiting);
      });
    }
    return current();
  }
}
