import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventConsumerRunner, topicFor, type ConsumedBatch } from '@contact-sync/platform';
import { WritebackResultService } from './writeback-result.service';

@Controller()
export class WritebackResultConsumer {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly results: WritebackResultService,
  ) {}

  /** One result at a time, in order per person (the topic is keyed by person id). */
  @EventPattern(topicFor('writebackResults'))
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.runner.each('writebackResults', batch, (event) => this.results.apply(event));
  }
}
