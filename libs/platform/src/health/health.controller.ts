import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, MongooseHealthIndicator } from '@nestjs/terminus';
import { ConsumerHealth } from '../kafka/consumer-health';
import { Public } from '../http/public.decorator';
import { KafkaHealthIndicator } from './kafka.health-indicator';

/**
 * Liveness says the process works; readiness says it can serve: database and broker reachable, and
 * the consumer (in services that consume) not crashed, so a stopped consumer loop is seen.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongo: MongooseHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly consumer: ConsumerHealth,
    private readonly indicators: HealthIndicatorService,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.mongo.pingCheck('mongodb', { timeout: 2000 }), () => this.kafka.isHealthy(), () => this.consumerCheck()]);
  }

  private consumerCheck() {
    const check = this.indicators.check('consumer');
    const details = this.consumer.details();
    return details.state === 'crashed' ? check.down(details) : check.up(details);
  }
}
