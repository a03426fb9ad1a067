import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { KafkaAdmin } from '../kafka/kafka-admin';

@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly admin: KafkaAdmin,
  ) {}

  async isHealthy(key = 'kafka') {
    const check = this.health.check(key);
    try {
      return check.up({ brokers: await this.admin.ping() });
    } catch (err) {
      return check.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }
}
