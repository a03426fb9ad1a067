/**
 * Runs the work of one account one piece at a time, in arrival order, while different accounts run
 * side by side: Google asks for one mutation at a time per user, and a read-compare-write of one
 * mailbox must not interleave with another. (Per replica; accounts are spread over partitions by
 * person, so two replicas may still write one account at once: see docs/decisions.md.)
 */
export class AccountQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(accountId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(accountId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.tails.set(accountId, next);
    void next.finally(() => {
      if (this.tails.get(accountId) === next) this.tails.delete(accountId);
    }).catch(() => undefined);
    return next;
  }
}
