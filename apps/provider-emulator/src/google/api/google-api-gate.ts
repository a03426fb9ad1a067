import { Injectable } from '@nestjs/common';
import { CallGate, type GateDialect } from '../../core/call-gate';
import type { Lane } from '../../core/in-flight-calls';
import type { GoogleAddressBook } from '../address-book/google-address-book';
import { GoogleSettings } from '../google-settings';
import { GoogleStore } from '../google-store';
import { concurrentMutation, injectedFault, insufficientScopes, unauthenticated } from './google-api-error';

const WRITE_SCOPE = 'https://www.googleapis.com/auth/contacts';
const CONTACTS_SCOPES = [WRITE_SCOPE, 'https://www.googleapis.com/auth/contacts.readonly'];

const GOOGLE: GateDialect = {
  provider: 'google',
  unauthenticated,
  insufficientScope: insufficientScopes,
  injected: (fault, operation) => injectedFault(fault.status, fault.retryAfterSeconds, operation, fault.reason),
  readScope: (scopes) => scopes.some((s) => CONTACTS_SCOPES.includes(s)),
  writeScope: (scopes) => scopes.includes(WRITE_SCOPE),
};

/**
 * The People API side of the shared gate: bearer token (401), counted, scope (403; writes need the
 * full `contacts` scope), injected faults, then the call runs on the account's address book for
 * the configured latency. Writes are mutations: with `sequentialMutations` on, a second one of the
 * same account while one is in flight is refused.
 */
@Injectable()
export class GoogleApiGate {
  constructor(
    private readonly gate: CallGate,
    private readonly store: GoogleStore,
    private readonly settings: GoogleSettings,
  ) {}

  call<T>(authorization: string | undefined, operation: string, options: { anyScope?: boolean; write?: boolean }, work: (book: GoogleAddressBook) => T): Promise<T> {
    const account = this.gate.admit(GOOGLE, authorization, operation, options);
    const book = this.store.ensure(account);
    const lanes: Lane[] =
      options.write && this.settings.sequentialMutations ? [{ key: `google:${account}:mutations`, limit: 1, busy: () => concurrentMutation(operation) }] : [];
    return this.gate.perform(lanes, this.settings.latencyMs, () => work(book));
  }
}
