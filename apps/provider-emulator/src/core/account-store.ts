import { ChangeSignal } from './change-signal';
import type { ProviderName } from './provider';
import { accountKey } from './provider';

/**
 * The emulated accounts of one provider and their data (Google: an address book; Microsoft: a
 * mailbox's contacts). A provider module subclasses it as an injectable and registers it for reset.
 */
export class AccountStore<T extends { readonly currentSeq: number }> {
  private readonly accounts = new Map<string, T>();
  private readonly changes = new ChangeSignal();

  constructor(
    readonly provider: ProviderName,
    /** `changed`: the data calls it at each write (its change sequence moved). */
    private readonly create: (email: string, changed: () => void) => T,
  ) {}

  /** The account's data, created on first use (first consent or admin creation). */
  ensure(email: string): T {
    const key = accountKey(email);
    let data = this.accounts.get(key);
    if (!data) {
      data = this.create(key, () => this.changes.notify(key));
      this.accounts.set(key, data);
    }
    return data;
  }

  find(email: string): T | undefined {
    return this.accounts.get(accountKey(email));
  }

  /** The account's change sequence once it is above `after` (or when `timeoutMs` passed); undefined for an unknown account. */
  async changeAbove(email: string, after: number, timeoutMs: number): Promise<number | undefined> {
    const data = this.find(email);
    return data && this.changes.above(accountKey(email), () => data.currentSeq, after, timeoutMs);
  }

  emails(): string[] {
    return [...this.accounts.keys()];
  }

  reset(): void {
    this.accounts.clear();
  }
}
