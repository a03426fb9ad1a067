import type { ProviderKind } from '@contact-sync/contact-model';
import type { ContactProviderDriver, OAuthProvider } from '@contact-sync/provider-adapters';

/** What the benchmark needs of one provider: seed it in the emulator, and talk to it as ingest does. */
export interface BenchProvider {
  readonly kind: ProviderKind;
  readonly label: string;
  readonly email: string;
  /** Creates the account and seeds `n` contacts with every synced field, in the synced scope. */
  seed(n: number): Promise<void>;
  /** API calls the account made so far (emulator counters). */
  requestCount(): Promise<number>;
  oauth(): OAuthProvider;
  driver(): ContactProviderDriver;
}
