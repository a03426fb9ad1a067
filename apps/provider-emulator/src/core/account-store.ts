import type { ProviderName } from './provider';
import { accountKey } from './provider';

/**
 * The emulated accounts of one provider and their data (Google: an address book; Microsoft: a
 * mailbox's contacts). A provider module subclasses it as an injectable and registers it for reset.
 */
export class AccountStore<T> {
  private readonly accounts = new Map<string, T>();

  constructor(
    readonly provider: ProviderName,
    private readonly create: (email: string) => T,
  ) {}

  /** The account's data, created on first use (first consent or admin creation). */
  ensure(email: string): T {
    const key = accountKey(email);
    let data = this.accounts.get(key);
    if (!data) {
      data = this.create(key);
      this.accounts.set(key, data);
    }
    return data;
  }

  find(email: string): T | undefined {
    return this.accounts.get(accountKey(email));
  }

  emails(): string[] {
    return [...this.accounts.keys()];
  }

  reset(): void {
    this.accounts.clear();
  }
}
