import { Injectable } from '@nestjs/common';
import { FaultInjector } from '../../core/fault-injector';
import { accountKey } from '../../core/provider';
import { RequestCounter } from '../../core/request-counter';
import { TokenIssuer } from '../../core/token-issuer';
import type { Mailbox } from '../mailbox/mailbox';
import { MicrosoftStore, userIdOf } from '../microsoft-store';
import { hasContactsScope, hasContactsWriteScope } from '../oauth/microsoft-scopes';
import { accessDenied, injectedFault, invalidToken } from './graph-error';

/**
 * What every Graph call passes first: a valid bearer token (401), then it is counted for its
 * account, then the scope check (writes need Contacts.ReadWrite) and the `/users/{id}` check
 * (403), then an injected fault may answer instead (429/500/503) — the same order as the Google gate.
 */
@Injectable()
export class GraphApiGate {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly store: MicrosoftStore,
    private readonly counter: RequestCounter,
    private readonly faults: FaultInjector,
  ) {}

  /** `user`: the `{id | userPrincipalName}` of `/users/{user}/...`; undefined for `/me`. */
  enter(authorization: string | undefined, operation: string, user?: string, options: { anyScope?: boolean; write?: boolean } = {}): Mailbox {
    const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const auth = this.tokens.authenticate('microsoft', bearer);
    if (!auth.ok) throw invalidToken(auth.reason);
    this.counter.record('microsoft', auth.account, operation);
    if (!options.anyScope && !hasContactsScope(auth.scopes)) throw accessDenied();
    if (options.write && !hasContactsWriteScope(auth.scopes)) throw accessDenied();
    // Delegated tokens reach only the signed-in user's mailbox (shared folders are not emulated).
    if (user !== undefined && accountKey(user) !== auth.account && user.toLowerCase() !== userIdOf(auth.account)) throw accessDenied();
    const fault = this.faults.take({ provider: 'microsoft', account: auth.account, operation });
    if (fault) throw injectedFault(fault.status, fault.retryAfterSeconds, fault.reason);
    return this.store.ensure(auth.account);
  }
}
