import { Injectable } from '@nestjs/common';
import { CallGate, type GateDialect } from '../../core/call-gate';
import type { Lane } from '../../core/in-flight-calls';
import { accountKey } from '../../core/provider';
import type { Mailbox } from '../mailbox/mailbox';
import { MicrosoftSettings } from '../microsoft-settings';
import { MicrosoftStore, userIdOf } from '../microsoft-store';
import { hasContactsScope, hasContactsWriteScope } from '../oauth/microsoft-scopes';
import type { GraphRequest } from './graph-call';
import { accessDenied, injectedFault, invalidToken, mailboxConcurrency } from './graph-error';

const GRAPH: GateDialect = {
  provider: 'microsoft',
  unauthenticated: (reason) => invalidToken(reason),
  insufficientScope: () => accessDenied(),
  injected: (fault) => injectedFault(fault.status, fault.retryAfterSeconds, fault.reason),
  readScope: hasContactsScope,
  writeScope: hasContactsWriteScope,
};

export interface GraphCallOptions {
  /** Any valid token passes (`/me`). */
  anyScope?: boolean;
  /** Needs Contacts.ReadWrite. */
  write?: boolean;
  /** An Outlook (mailbox) request, held to the mailbox's concurrency limit; false for `/me` (directory). */
  mailbox: boolean;
}

/**
 * The Graph side of the shared gate: bearer token (401), counted, scope and the `/users/{id}`
 * check (403), injected faults (429/500/503), then the call runs on the caller's mailbox for the
 * configured latency, holding one of the mailbox's places (Outlook: 4 in flight; the next one gets
 * 429 MailboxConcurrency). `$batch` entries come through here one by one, as Graph evaluates each
 * against the limits.
 */
@Injectable()
export class GraphApiGate {
  constructor(
    private readonly gate: CallGate,
    private readonly store: MicrosoftStore,
    private readonly settings: MicrosoftSettings,
  ) {}

  /** `user`: the `{id | userPrincipalName}` of `/users/{user}/...`; undefined for `/me`. */
  call<T>(req: GraphRequest, operation: string, user: string | undefined, options: GraphCallOptions, work: (mailbox: Mailbox) => T): Promise<T> {
    const account = this.gate.admit(GRAPH, req.headers.authorization, operation, {
      anyScope: options.anyScope,
      write: options.write,
      // Delegated tokens reach only the signed-in user's mailbox (shared folders are not emulated).
      authorize: (caller) => {
        if (user !== undefined && accountKey(user) !== caller && user.toLowerCase() !== userIdOf(caller)) throw accessDenied();
      },
    });
    const mailbox = this.store.ensure(account);
    const lanes: Lane[] = options.mailbox ? [{ key: `microsoft:${account}:mailbox`, limit: this.settings.mailboxConcurrencyLimit, busy: () => mailboxConcurrency() }] : [];
    return this.gate.perform(lanes, this.settings.latencyMs, () => work(mailbox));
  }

  /** The `$batch` envelope: a valid token (401) and counted as `graph.batch`; scope, faults and limits apply to its requests. */
  admitBatch(req: GraphRequest): void {
    this.gate.admit(GRAPH, req.headers.authorization, 'graph.batch', { anyScope: true, faults: false });
  }
}
