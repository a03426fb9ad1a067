import { Injectable } from '@nestjs/common';
import { opaque } from './ids';
import type { ProviderName } from './provider';
import { ResetRegistry } from './reset-registry';

export type FaultStatus = 429 | 500 | 503;

export interface FaultSpec {
  status: FaultStatus;
  /** How many upcoming matching API calls fail. */
  count: number;
  /** Sent as `Retry-After` (seconds); 429 always carries one (1 s unless told). */
  retryAfterSeconds?: number;
  /** Only calls of this account (e-mail); every account when absent. */
  account?: string;
  /** Only calls to this provider; every provider when absent. */
  provider?: ProviderName;
  /** Only this operation (e.g. `people.connections.list`); every API operation when absent. */
  operation?: string;
}

export interface Fault extends FaultSpec {
  id: string;
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
    const fault: Fault = { ...spec, id: opaque(6), remaining: spec.count };
    this.faults.push(fault);
    return fault;
  }

  /** The first pending fault that matches this call, consuming one use of it. */
  take(call: CallTarget): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        (!f.account || f.account === call.account) &&
        (!f.provider || f.provider === call.provider) &&
        (!f.operation || f.operation === call.operation),
    );
    if (!fault) return undefined;
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
