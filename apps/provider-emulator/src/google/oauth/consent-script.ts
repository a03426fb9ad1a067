import { Injectable } from '@nestjs/common';
import { accountKey } from '../../core/provider';
import { ResetRegistry } from '../../core/reset-registry';

/** What the emulated user does on the next consent screen; the default is to approve everything. */
export interface ConsentDecision {
  /** Refuse: the browser comes back with error=access_denied. */
  deny?: boolean;
  /** Untick some boxes (granular consent): only these of the requested scopes are granted. */
  grantOnly?: string[];
}

/** Scripted answers to the next consent of an account, set through the admin API. */
@Injectable()
export class ConsentScript {
  private readonly next = new Map<string, ConsentDecision>();

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  set(email: string, decision: ConsentDecision): void {
    this.next.set(accountKey(email), decision);
  }

  /** The scripted decision, used once. */
  take(email: string): ConsentDecision | undefined {
    const key = accountKey(email);
    const decision = this.next.get(key);
    this.next.delete(key);
    return decision;
  }

  reset(): void {
    this.next.clear();
  }
}
