interface Pending<T> {
  items: T[];
  waiters: { resolve: () => void; reject: (err: unknown) => void }[];
}

/**
 * Runs one account's work one run at a time, accounts side by side; what arrives for an account
 * while it is busy is merged into its next run. Consumed chunks of several partitions (keys are per
 * person, so one account's changes spread over all of them) then share one provider batch call
 * instead of one each. Every submitter's promise settles with the run that took its items: a failed
 * run rejects them all, and each caller retries its own items (writeback skips what it already did).
 */
export class AccountBatcher<T> {
  private readonly pending = new Map<string, Pending<T>>();
  private readonly running = new Set<string>();

  constructor(
    private readonly work: (accountId: string, items: T[]) => Promise<void>,
    /** A run waits this long for more items before it starts (they share its batch call). */
    private readonly lingerMs = 0,
  ) {}

  submit(accountId: string, items: T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry = this.pending.get(accountId) ?? { items: [], waiters: [] };
      entry.items.push(...items);
      entry.waiters.push({ resolve, reject });
      this.pending.set(accountId, entry);
      if (!this.running.has(accountId)) void this.drain(accountId);
    });
  }

  private async drain(accountId: string): Promise<void> {
    this.running.add(accountId);
    try {
      if (this.lingerMs > 0) await new Promise((r) => setTimeout(r, this.lingerMs));
      for (let entry = this.pending.get(accountId); entry; entry = this.pending.get(accountId)) {
        this.pending.delete(accountId);
        try {
          await this.work(accountId, entry.items);
          for (const w of entry.waiters) w.resolve();
        } catch (err) {
          for (const w of entry.waiters) w.reject(err);
        }
      }
    } finally {
      this.running.delete(accountId);
    }
  }
}
