import { Injectable } from '@nestjs/common';
import { FaultInjector } from '../core/fault-injector';
import { RequestCounter } from '../core/request-counter';
import { TokenIssuer } from '../core/token-issuer';
import { GoogleStore } from './google-store';
import type { GoogleAddressBook } from './google-address-book';
import { injected, unauthenticated } from './google-errors';

/** What every Google API call goes through: bearer token → account, request counting, injected faults. */
@Injectable()
export class GoogleApiGate {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly store: GoogleStore,
    private readonly counter: RequestCounter,
    private readonly faults: FaultInjector,
  ) {}

  enter(authorization: string | undefined, operation: string): GoogleAddressBook {
    const owner = this.tokens.accountOf(authorization?.match(/^Bearer\s+(.+)$/i)?.[1]);
    if ('error' in owner) throw unauthenticated();
    this.counter.record(owner.account, operation);
    const fault = this.faults.take(owner.account);
    if (fault) throw injected(fault.status, fault.retryAfterSeconds);
    return this.store.book(owner.account);
  }
}
