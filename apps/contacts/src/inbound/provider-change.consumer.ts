import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventConsumerRunner, topicFor, type ConsumedBatch } from '@contact-sync/platform';
import { InboundChangeService } from './inbound-change.service';

@Controller()
export class ProviderChangeConsumer {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly inbound: InboundChangeService,
  ) {}

  /** A chunk of one partition's changes is applied with bulk queries (see InboundChangeService). */
  @EventPattern(topicFor('providerContactChanges'))
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.runner.bulk('providerContactChanges', batch, (events) => this.inbound.apply(events));
  }
}
