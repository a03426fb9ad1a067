import { Injectable } from '@nestjs/common';
import { accountKey, type ProviderName } from './provider';
import { ResetRegistry } from './reset-registry';

/** What the emulated user does on the next consent screen; the default is to approve everything. */
export interface ConsentDecision {
  /** Refuse: the browser comes back with error=access_denied. */
  deny?: boolean;
  /** Untick some boxes (granular consent): only these of the requested scopes are granted. */
  grantOnly?: string[];
}

/**
 * Scripted answers to the next consent of an account, set through the admin API. Keyed by provider
 * too: the same address may be a Google and a Microsoft account with different scripts.
 */
@Injectable()
export class ConsentScript {
  private readonly next = new Map<string, ConsentDecision>();

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  set(provider: ProviderName, email: string, decision: ConsentDecision): void {
    this.next.set(`${provider}:${accountKey(email)}`, decision);
  }

  /** The scripted decision, used once. */
  take(provider: ProviderName, email: string): ConsentDecision | undefined {
    const key = `${provider}:${accountKey(email)}`;
    const decision = this.next.get(key);
    this.next.delete(key);
    return decision;
  }

  reset(): void {
    this.next.clear();
  }
}
