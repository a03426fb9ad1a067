import { Injectable } from '@nestjs/common';
import type { ProviderName } from './provider';
import { ResetRegistry } from './reset-registry';

export interface RequestCounts {
  total: number;
  byOperation: Record<string, number>;
}

export interface RequestSnapshot extends RequestCounts {
  byAccount: Record<string, RequestCounts>;
}

/**
 * Counts provider calls per account and operation (`people.connections.list`, `oauth.token`, …), so
 * tests and benchmarks can see what a sync cost and prove that a no-op refresh stays cheap.
 * Refused and fault-injected calls count too: the provider would have billed them.
 */
@Injectable()
export class RequestCounter {
  private readonly counts = new Map<string, Map<string, number>>();

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  record(_provider: ProviderName, account: string, operation: string): void {
    const perAccount = this.counts.get(account) ?? new Map<string, number>();
    perAccount.set(operation, (perAccount.get(operation) ?? 0) + 1);
    this.counts.set(account, perAccount);
  }

  /** Totals over every account (or only `account`), with the per-account breakdown. */
  snapshot(account?: string): RequestSnapshot {
    const byAccount: Record<string, RequestCounts> = {};
    const all: RequestCounts = { total: 0, byOperation: {} };
    for (const [acc, ops] of this.counts) {
      if (account && acc !== account) continue;
      const mine: RequestCounts = { total: 0, byOperation: {} };
      for (const [op, n] of ops) {
        mine.byOperation[op] = n;
        mine.total += n;
        all.byOperation[op] = (all.byOperation[op] ?? 0) + n;
        all.total += n;
      }
      byAccount[acc] = mine;
    }
    return { ...all, byAccount };
  }

  reset(): void {
    this.counts.clear();
  }
}
