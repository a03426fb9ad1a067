import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventConsumerRunner, topicFor, type ConsumedBatch } from '@contact-sync/platform';
import { CustomFieldService } from '../custom-fields/custom-field.service';

/** When a sync is first set up, the company gets the sync's custom fields (idempotent). */
@Controller()
export class LifecycleConsumer {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly customFields: CustomFieldService,
  ) {}

  @EventPattern(topicFor('accountLifecycle'))
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.runner.each('accountLifecycle', batch, async (event) => {
      if (event.type === 'sync.configured') await this.customFields.ensureForCompany(event.companyId);
    });
  }
}
