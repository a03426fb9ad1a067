import { Injectable } from '@nestjs/common';
import { FaultInjector, type Fault } from './fault-injector';
import { InFlightCalls, type Lane } from './in-flight-calls';
import type { ProviderName } from './provider';
import { RequestCounter } from './request-counter';
import { TokenIssuer } from './token-issuer';

/** How one provider words the gate's refusals and reads its scopes. */
export interface GateDialect {
  provider: ProviderName;
  unauthenticated(reason: 'missing' | 'invalid' | 'expired', operation: string): Error;
  insufficientScope(operation: string): Error;
  injected(fault: Fault, operation: string): Error;
  /** Any scope that lets the token call the contacts API. */
  readScope(scopes: string[]): boolean;
  writeScope(scopes: string[]): boolean;
}

export interface AdmitOptions {
  /** Any valid token passes (people/me, /v1.0/me, the $batch envelope). */
  anyScope?: boolean;
  /** Needs the provider's write scope. */
  write?: boolean;
  /** A provider check after the scope check, e.g. Graph's `/users/{id}` must be the caller (throws). */
  authorize?: (account: string) => void;
  /** false: injected faults pass this call by (the $batch envelope: its requests take them one by one). */
  faults?: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What every provider API call passes, in the same order for Google and Microsoft: a valid bearer
 * token (401); the call is counted for its account; scope and caller checks (403); an injected
 * fault may answer instead; then the call takes its place in its lanes (a full lane answers
 * instead, e.g. 429) for the provider's latency while its work runs.
 */
@Injectable()
export class CallGate {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly counter: RequestCounter,
    private readonly faults: FaultInjector,
    private readonly inFlight: InFlightCalls,
  ) {}

  /** The caller's account, or the provider's error for the first check that fails. */
  admit(dialect: GateDialect, authorization: string | undefined, operation: string, options: AdmitOptions = {}): string {
    const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const auth = this.tokens.authenticate(dialect.provider, bearer);
    if (!auth.ok) throw dialect.unauthenticated(auth.reason, operation);
    this.counter.record(dialect.provider, auth.account, operation);
    if (!options.anyScope && !dialect.readScope(auth.scopes)) throw dialect.insufficientScope(operation);
    if (options.write && !dialect.writeScope(auth.scopes)) throw dialect.insufficientScope(operation);
    options.authorize?.(auth.account);
    const fault = options.faults === false ? undefined : this.faults.take({ provider: dialect.provider, account: auth.account, operation });
    if (fault) throw dialect.injected(fault, operation);
    return auth.account;
  }

  /**
   * Runs an admitted call: it holds a place in its lanes for `latencyMs` (the provider's processing
   * time, so tests can make calls overlap), then its work runs; a full lane refuses it at once.
   */
  async perform<T>(lanes: readonly Lane[], latencyMs: number, work: () => T | Promise<T>): Promise<T> {
    const leave = this.inFlight.enter(lanes);
    try {
      if (latencyMs > 0) await sleep(latencyMs);
      return await work();
    } finally {
      leave();
    }
  }
}
