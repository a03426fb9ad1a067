import { Injectable } from '@nestjs/common';

export interface Fault {
  status: 429 | 500 | 503;
  /** Seconds, sent as Retry-After (429 and 503). */
  retryAfterSeconds?: number;
  /** How many upcoming API calls fail. */
  remaining: number;
  /** Only calls for this account; every account when absent. */
  account?: string;
}

/** Makes the next N provider API calls fail the way the provider fails under load or outage. */
@Injectable()
export class FaultInjector {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  /** The fault that applies to this call, consuming one use of it. */
  take(account: string): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.account || f.account === account));
    if (!fault) return undefined;
    fault.remaining--;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault;
  }

  reset(): void {
    this.faults = [];
  }
}
