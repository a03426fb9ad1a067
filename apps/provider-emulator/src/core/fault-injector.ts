import { Injectable } from '@nestjs/common';
import { opaque } from './ids';
import type { ProviderName } from './provider';
import { ResetRegistry } from './reset-registry';

export type FaultStatus = 401 | 403 | 429 | 500 | 503;

/**
 * What a 403 means: `quota` (Google rateLimitExceeded; Graph throttling with Retry-After),
 * `scope` (Google ACCESS_TOKEN_SCOPE_INSUFFICIENT; Graph ErrorAccessDenied), `denied` (Google
 * PERMISSION_DENIED; Graph Authorization_RequestDenied).
 */
export type ForbiddenReason = 'quota' | 'scope' | 'denied';

export interface FaultSpec {
  status: FaultStatus;
  /** How many upcoming matching API calls fail. */
  count: number;
  /** How many matching calls succeed before the first failure (a fault that strikes mid-pass). Default 0. */
  afterCalls?: number;
  /**
   * Sent as `Retry-After` (seconds); a 429 carries 1 s unless told, and none when this is null
   * (the client must pick its own backoff).
   */
  retryAfterSeconds?: number | null;
  /** For 403 only (default `scope`). */
  reason?: ForbiddenReason;
  /** Only calls of this account (e-mail); every account when absent. */
  account?: string;
  /** Only calls to this provider; every provider when absent. */
  provider?: ProviderName;
  /** Only this operation (e.g. `people.connections.list`); every API operation when absent. */
  operation?: string;
}

export interface Fault extends FaultSpec {
  id: string;
  /** Matching calls still to let through before failing. */
  passing: number;
  remaining: number;
}

export interface CallTarget {
  provider: ProviderName;
  account: string;
  operation: string;
}

/** Makes the next N provider API calls fail the way the provider fails under load or in an outage. */
@Injectable()
export class FaultInjector {
  private faults: Fault[] = [];

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: opaque(6), passing: spec.afterCalls ?? 0, remaining: spec.count };
    this.faults.push(fault);
    return fault;
  }

  /** The first pending fault that matches this call, consuming one use of it (undefined: the call goes through). */
  take(call: CallTarget): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        (!f.account || f.account === call.account) &&
        (!f.provider || f.provider === call.provider) &&
        (!f.operation || f.operation === call.operation),
    );
    if (!fault) return undefined;
    if (fault.passing > 0) {
      fault.passing--;
      return undefined;
    }
    fault.remaining--;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return { ...fault };
  }

  pending(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  reset(): void {
    this.faults = [];
  }
}
