import { Injectable } from '@nestjs/common';

/** Counts provider API calls per account and operation, so tests and benchmarks can see the cost of a sync. */
@Injectable()
export class RequestCounter {
  private readonly counts = new Map<string, Map<string, number>>();

  record(account: string, operation: string): void {
    const perAccount = this.counts.get(account) ?? new Map<string, number>();
    perAccount.set(operation, (perAccount.get(operation) ?? 0) + 1);
    this.counts.set(account, perAccount);
  }

  snapshot(account?: string): { total: number; byOperation: Record<string, number> } {
    const byOperation: Record<string, number> = {};
    for (const [acc, ops] of this.counts) {
      if (account && acc !== account) continue;
      for (const [op, n] of ops) byOperation[op] = (byOperation[op] ?? 0) + n;
    }
    return { total: Object.values(byOperation).reduce((a, b) => a + b, 0), byOperation };
  }

  reset(): void {
    this.counts.clear();
  }
}
