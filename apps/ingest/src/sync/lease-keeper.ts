import type { SyncStateRepository } from '../state/sync-state.repository';
import type { SyncLease } from '../state/sync-lease';
import { LeaseLostError } from './run-errors';

/**
 * Keeps a run's lease alive on a timer, so a slow page (large photos, provider backoff) does not let
 * it lapse, and remembers when a renewal was refused: the run then stops before its next write.
 */
export class LeaseKeeper {
  private timer?: NodeJS.Timeout;
  private lost = false;

  constructor(private readonly states: SyncStateRepository, readonly lease: SyncLease, private readonly leaseMs: number) {}

  start(): void {
    this.timer = setInterval(() => void this.renew().catch(() => undefined), Math.max(250, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Renews now; throws LeaseLostError when the run no longer holds the sync. */
  async renew(): Promise<void> {
    if (!this.lost && !(await this.states.renewLease(this.lease, this.leaseMs))) this.lost = true;
    this.assertHeld();
  }

  assertHeld(): void {
    if (this.lost) throw new LeaseLostError(`lease of ${this.lease.accountId} lost`);
  }
}
