import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventConsumerRunner, topicFor, type ConsumedBatch } from '@contact-sync/platform';
import { WritebackService } from './writeback.service';

/** CRM person changes of two-way syncs, one by one in partition order (each is a provider write). */
@Controller()
export class CrmChangeConsumer {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly writeback: WritebackService,
  ) {}

  @EventPattern(topicFor('crmPersonChanges'))
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.runner.each('crmPersonChanges', batch, (event) => this.writeback.handle(event));
  }
}
