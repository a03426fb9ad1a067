import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventConsumerRunner, topicFor, type ConsumedBatch } from '@contact-sync/platform';
import { CustomFieldService } from '../custom-fields/custom-field.service';
import { SyncReconfigurationService } from '../syncs/sync-reconfiguration.service';

/**
 * A sync set up or re-configured: the company gets the sync's custom fields (idempotent) and every
 * person the sync already brought takes the new visibility. Disconnects change nothing here: the
 * persons and their links stay in the CRM (docs/decisions.md).
 */
@Controller()
export class LifecycleConsumer {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly customFields: CustomFieldService,
    private readonly reconfiguration: SyncReconfigurationService,
  ) {}

  @EventPattern(topicFor('accountLifecycle'))
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.runner.each('accountLifecycle', batch, async (event) => {
      if (event.type !== 'sync.configured') return;
      await this.customFields.ensureForCompany(event.companyId);
      await this.reconfiguration.apply(event.accountId, event.payload.configVersion, event.payload.config, event.companyId);
    });
  }
}
