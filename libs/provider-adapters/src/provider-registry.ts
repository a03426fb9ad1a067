import type { ProviderKind } from '@contact-sync/contact-model';
import type { ContactProviderDriver, ContactProviderWriter } from './contact-provider-driver';
import type { OAuthProvider } from './oauth/oauth-provider';

/** Looks up a provider's driver by kind, so services never branch on the provider themselves. */
export class ProviderRegistry<T extends ContactProviderDriver | ContactProviderWriter | OAuthProvider> {
  private readonly byKind = new Map<ProviderKind, T>();

  constructor(items: T[]) {
    for (const item of items) this.byKind.set(item.provider, item);
  }

  get(provider: ProviderKind): T {
    const item = this.byKind.get(provider);
    if (!item) throw new Error(`provider "${provider}" is not configured`);
    return item;
  }

  has(provider: ProviderKind): boolean {
    return this.byKind.has(provider);
  }
}
