import { Injectable } from '@nestjs/common';
import { PeriodicSweep } from '@contact-sync/platform';
import { OutboxPublisher } from './outbox.publisher';

/** The request path publishes at once; the sweeper takes only what it left behind (failed publish, crash). */
const GRACE_MS = 5_000;
const BATCH_ACCOUNTS = 50;

/** Publishes outbox events the request path could not (broker down, crash between write and publish). */
@Injectable()
export class OutboxSweeper extends PeriodicSweep<number> {
  protected readonly intervalMs = 10_000;

  constructor(private readonly publisher: OutboxPublisher) {
    super();
  }

  /** Returns how many accounts' outboxes were emptied. */
  protected async sweepOnce(now: number): Promise<number> {
    let flushed = 0;
    for (const id of await this.publisher.due(new Date(now - GRACE_MS), BATCH_ACCOUNTS)) {
      if (await this.publisher.flush(id)) flushed += 1;
    }
    return flushed;
  }
}
