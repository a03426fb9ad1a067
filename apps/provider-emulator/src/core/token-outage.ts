import { Injectable } from '@nestjs/common';
import type { ProviderName } from './provider';
import { ResetRegistry } from './reset-registry';

/**
 * The token endpoint down for its next requests (an outage of Google's or Microsoft's identity
 * service, set through the admin API): each answers the given 5xx before the request is looked at,
 * so an authorization code sent then is still unused, as at a provider that never processed it.
 */
@Injectable()
export class TokenOutage {
  private readonly armed = new Map<ProviderName, { remaining: number; status: number }>();

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  /** count 0: the endpoint is up again. */
  failNext(provider: ProviderName, count: number, status: number): void {
    if (count === 0) this.armed.delete(provider);
    else this.armed.set(provider, { remaining: count, status });
  }

  /** The status to answer with, or null when the endpoint is up. */
  take(provider: ProviderName): number | null {
    const outage = this.armed.get(provider);
    if (!outage) return null;
    if (--outage.remaining <= 0) this.armed.delete(provider);
    return outage.status;
  }

  reset(): void {
    this.armed.clear();
  }
}
