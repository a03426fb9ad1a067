import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventConsumerRunner, topicFor, type ConsumedBatch } from '@contact-sync/platform';
import { WritebackService } from './writeback.service';

/** CRM person changes of two-way syncs, in partition order. */
@Controller()
export class CrmChangeConsumer {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly writeback: WritebackService,
  ) {}

  /**
   * A chunk at once, so new persons queued together share the provider's batch call; a chunk that
   * keeps failing is re-run event by event (EventConsumerRunner.bulk), and what writeback already
   * handled is skipped by version.
   */
  @EventPattern(topicFor('crmPersonChanges'))
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.runner.bulk('crmPersonChanges', batch, (events) => this.writeback.handleMany(events));
  }
}
