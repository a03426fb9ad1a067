import { Injectable } from '@nestjs/common';
import { FaultInjector } from '../../core/fault-injector';
import { RequestCounter } from '../../core/request-counter';
import { TokenIssuer } from '../../core/token-issuer';
import type { GoogleAddressBook } from '../address-book/google-address-book';
import { GoogleStore } from '../google-store';
import { injectedFault, insufficientScopes, unauthenticated } from './google-api-error';

const WRITE_SCOPE = 'https://www.googleapis.com/auth/contacts';
const CONTACTS_SCOPES = [WRITE_SCOPE, 'https://www.googleapis.com/auth/contacts.readonly'];

/**
 * What every People API call passes first: a valid bearer token (401), then it is counted for its
 * account, then the scope check (403; writes need the full `contacts` scope), then an injected
 * fault may answer instead (401/403/429/500/503).
 */
@Injectable()
export class GoogleApiGate {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly store: GoogleStore,
    private readonly counter: RequestCounter,
    private readonly faults: FaultInjector,
  ) {}

  enter(authorization: string | undefined, operation: string, options: { anyScope?: boolean; write?: boolean } = {}): GoogleAddressBook {
    const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const auth = this.tokens.authenticate('google', bearer);
    if (!auth.ok) throw unauthenticated(auth.reason, operation);
    this.counter.record('google', auth.account, operation);
    if (!options.anyScope && !auth.scopes.some((s) => CONTACTS_SCOPES.includes(s))) throw insufficientScopes(operation);
    if (options.write && !auth.scopes.includes(WRITE_SCOPE)) throw insufficientScopes(operation);
    const fault = this.faults.take({ provider: 'google', account: auth.account, operation });
    if (fault) throw injectedFault(fault.status, fault.retryAfterSeconds, operation, fault.reason);
    return this.store.ensure(auth.account);
  }
}
