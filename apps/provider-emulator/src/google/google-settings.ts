import { Injectable } from '@nestjs/common';
import { ResetRegistry } from '../core/reset-registry';

const SEVEN_DAYS_S = 7 * 24 * 3600;

/** Behaviour of the emulated Google that tests may change through the admin API. */
@Injectable()
export class GoogleSettings {
  /** "Sync tokens expire 7 days after the full sync" (people.connections.list reference). */
  syncTokenLifetimeSeconds = SEVEN_DAYS_S;
  /** 410 by default (the sync contract); 400 is what production Google has been seen to send. */
  expiredSyncTokenHttpStatus: 400 | 410 = 410;
  /**
   * "Mutate requests for the same user should be sent sequentially" (every mutate method): when on,
   * a mutation that starts while another of the same account is in flight fails (409 ABORTED; what
   * Google answers is unconfirmed).
   */
  sequentialMutations = false;
  /**
   * "Writes may have a propagation delay of several minutes for sync requests" (connections.list):
   * a change shows in connections.list (full listings and sync tokens) only this long after it was
   * made; people.get and getBatchGet see it at once.
   */
  writePropagationDelayMs = 0;
  /** How long every People API call takes (calls overlap only while they take time). */
  latencyMs = 0;

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  reset(): void {
    this.syncTokenLifetimeSeconds = SEVEN_DAYS_S;
    this.expiredSyncTokenHttpStatus = 410;
    this.sequentialMutations = false;
    this.writePropagationDelayMs = 0;
    this.latencyMs = 0;
  }

  snapshot() {
    return {
      syncTokenLifetimeSeconds: this.syncTokenLifetimeSeconds,
      expiredSyncTokenHttpStatus: this.expiredSyncTokenHttpStatus,
      sequentialMutations: this.sequentialMutations,
      writePropagationDelayMs: this.writePropagationDelayMs,
      latencyMs: this.latencyMs,
    };
  }
}
