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

  /**
   * A chunk at once (bulk writes), each person's results in order (the topic is keyed by person
   * id); a chunk that keeps failing is re-run result by result so only the culprit is dead-lettered.
   */
  @EventPattern(topicFor('writebackResults'))
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.runner.bulk('writebackResults', batch, (events) => this.results.applyMany(events));
  }
}
