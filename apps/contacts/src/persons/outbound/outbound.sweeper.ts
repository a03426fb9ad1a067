import { Injectable } from '@nestjs/common';
import { PeriodicSweep } from '@contact-sync/platform';
import { OutboundPublisher } from './outbound.publisher';

/** The request path publishes at once; the sweeper takes only what it left behind. */
const GRACE_MS = 3_000;
const BATCH = 200;

/** Publishes CRM changes the request path could not (broker down, a crash between write and publish). */
@Injectable()
export class OutboundSweeper extends PeriodicSweep<number> {
  protected readonly intervalMs = 5_000;

  constructor(private readonly publisher: OutboundPublisher) {
    super();
  }

  /** Returns how many persons' changes were published. */
  protected async sweepOnce(now: number): Promise<number> {
    let published = 0;
    for (const id of await this.publisher.due(new Date(now - GRACE_MS), BATCH)) {
      // One person's failure (the broker still down) must not stop the others of the sweep.
      if (await this.publisher.flush(id).catch((err) => (this.logger.warn(`person ${id}: ${err}`), false))) published += 1;
    }
    return published;
  }
}
