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

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  reset(): void {
    this.syncTokenLifetimeSeconds = SEVEN_DAYS_S;
    this.expiredSyncTokenHttpStatus = 410;
  }

  snapshot() {
    return { syncTokenLifetimeSeconds: this.syncTokenLifetimeSeconds, expiredSyncTokenHttpStatus: this.expiredSyncTokenHttpStatus };
  }
}
