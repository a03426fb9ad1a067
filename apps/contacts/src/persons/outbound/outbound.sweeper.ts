import { Injectable } from '@nestjs/common';
import { OutboxSweep } from '@contact-sync/platform';
import { OutboundPublisher } from './outbound.publisher';

/** Publishes CRM changes the request path could not (broker down, a crash between write and publish). */
@Injectable()
export class OutboundSweeper extends OutboxSweep {
  protected readonly intervalMs = 5_000;
  protected readonly graceMs = 3_000;
  protected readonly batch = 200;

  constructor(protected readonly outbox: OutboundPublisher) {
    super();
  }
}
