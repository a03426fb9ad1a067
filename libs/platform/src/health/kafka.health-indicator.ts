import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Gauge } from 'prom-client';
import { KafkaAdmin } from '../kafka/kafka-admin';
import { Metrics } from '../metrics/metrics';

/** A broker round trip, for health and for `contact_sync_kafka_broker_up` (pinged at each scrape). */
@Injectable()
export class KafkaHealthIndicator {
  private readonly up: Gauge;

  constructor(
    private readonly health: HealthIndicatorService,
    private readonly admin: KafkaAdmin,
    metrics: Metrics,
  ) {
    const ping = () => this.ping();
    this.up = new Gauge({
      name: 'contact_sync_kafka_broker_up',
      help: '1 when the Kafka cluster answered a metadata request within 2 s at the last scrape or health check, else 0.',
      registers: [metrics.registry],
      async collect() {
        await ping();
      },
    });
  }

  async isHealthy(key = 'kafka') {
    const check = this.health.check(key);
    const result = await this.ping();
    return 'brokers' in result ? check.up(result) : check.down(result);
  }

  private async ping(): Promise<{ brokers: number } | { message: string }> {
    try {
      const brokers = await this.admin.ping();
      this.up.set(1);
      return { brokers };
    } catch (err) {
      this.up.set(0);
      return { message: err instanceof Error ? err.message : String(err) };
    }
  }
}
