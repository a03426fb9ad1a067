import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { Metrics } from '../metrics/metrics';

export type ConsumerState = 'not_started' | 'running' | 'crashed';

/**
 * What the service's Kafka consumer is doing, for readiness and metrics. A consumer that crashed
 * stops consuming without failing anything else in the process, so without this nobody would see
 * it (kafkajs leaves a non-retriable crash stopped; KafkaBatchServer restarts it).
 */
@Injectable()
export class ConsumerHealth {
  private current: ConsumerState = 'not_started';
  private lastCrash: { at: Date; message: string } | null = null;
  private readonly crashes: Counter<'restarted_by'>;
  private readonly runningGauge: Gauge;

  constructor(metrics: Metrics) {
    this.crashes = new Counter({
      name: 'contact_sync_kafka_consumer_crashes_total',
      help: 'Crashes of the Kafka consumer loop, by who restarts it (kafkajs itself, or this service after a crash kafkajs does not retry).',
      labelNames: ['restarted_by'] as const,
      registers: [metrics.registry],
    });
    this.runningGauge = new Gauge({
      name: 'contact_sync_kafka_consumer_running',
      help: '1 while the Kafka consumer is in its group and consuming, 0 while it is crashed or not started.',
      registers: [metrics.registry],
    });
  }

  get state(): ConsumerState {
    return this.current;
  }

  running(): void {
    this.current = 'running';
    this.runningGauge.set(1);
  }

  crashed(error: unknown, restartedBy: 'kafkajs' | 'service'): void {
    this.current = 'crashed';
    this.lastCrash = { at: new Date(), message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    this.crashes.inc({ restarted_by: restartedBy });
    this.runningGauge.set(0);
  }

  details(): { state: ConsumerState; lastCrash: { at: string; message: string } | null } {
    return { state: this.current, lastCrash: this.lastCrash && { at: this.lastCrash.at.toISOString(), message: this.lastCrash.message } };
  }
}
