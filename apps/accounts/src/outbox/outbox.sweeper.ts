import { Injectable } from '@nestjs/common';
import { OutboxSweep } from '@contact-sync/platform';
import { OutboxPublisher } from './outbox.publisher';

/** Publishes outbox events the request path could not (broker down, crash between write and publish). */
@Injectable()
export class OutboxSweeper extends OutboxSweep {
  protected readonly intervalMs = 10_000;
  protected readonly graceMs = 5_000;
  protected readonly batch = 50;

  constructor(protected readonly outbox: OutboxPublisher) {
    super();
  }
}
