import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, MongooseHealthIndicator, type HealthIndicatorFunction } from '@nestjs/terminus';
import { ConsumerHealth } from '../kafka/consumer-health';
import { Public } from '../http/public.decorator';
import { KafkaHealthIndicator } from './kafka.health-indicator';
import { READINESS_OPTIONS, type ReadinessOptions } from './health-options';

/**
 * - live: the process works. Fails only when a consumer is stuck (a chunk without progress for
 *   CONSUMER_STUCK_AFTER_MS): a restart is the cure for a hung loop, and for nothing else here.
 * - ready: the service can do its job: MongoDB, and (readiness.kafka) the broker and consumers.
 * - dependencies: everything, for people and dashboards, whatever readiness waits for. Not a probe.
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
    @Inject(READINESS_OPTIONS) private readonly readiness: ReadinessOptions,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([() => this.consumerCheck({ crashed: false, stuck: true })]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    const checks: HealthIndicatorFunction[] = [() => this.mongoCheck()];
    if (this.readiness.kafka) checks.push(() => this.kafka.isHealthy(), () => this.consumerCheck({ crashed: true, stuck: false }));
    return this.health.check(checks);
  }

  @Get('dependencies')
  @HealthCheck()
  dependencies() {
    return this.health.check([() => this.mongoCheck(), () => this.kafka.isHealthy(), () => this.consumerCheck({ crashed: true, stuck: true })]);
  }

  private mongoCheck() {
    return this.mongo.pingCheck('mongodb', { timeout: 2000 });
  }

  /** `failOn` picks what makes the consumer down for this probe; the details always show all. */
  private consumerCheck(failOn: { crashed: boolean; stuck: boolean }) {
    const check = this.indicators.check('consumer');
    const details = this.consumer.details();
    const down = (failOn.crashed && details.state === 'crashed') || (failOn.stuck && details.stuck);
    return down ? check.down(details) : check.up(details);
  }
}
