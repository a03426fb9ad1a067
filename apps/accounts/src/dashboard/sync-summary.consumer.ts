import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventConsumerRunner, topicFor, type ConsumedBatch } from '@contact-sync/platform';
import { DashboardService } from './dashboard.service';

@Controller()
export class SyncSummaryConsumer {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly dashboard: DashboardService,
  ) {}

  @EventPattern(topicFor('syncRunSummaries'))
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.runner.each('syncRunSummaries', batch, (event) => this.dashboard.apply(event));
  }
}
