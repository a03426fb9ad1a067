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
  /** By consumer (a service may run several in its group): the service is as healthy as its worst. */
  private readonly states = new Map<string, ConsumerState>();
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
      help: '1 while every Kafka consumer of the service is in its group and consuming, 0 while one is crashed or not started.',
      registers: [metrics.registry],
    });
  }

  get state(): ConsumerState {
    const all = [...this.states.values()];
    if (all.includes('crashed')) return 'crashed';
    return all.length > 0 && all.every((s) => s === 'running') ? 'running' : 'not_started';
  }

  running(consumer: string): void {
    this.states.set(consumer, 'running');
    this.runningGauge.set(this.state === 'running' ? 1 : 0);
  }

  crashed(consumer: string, error: unknown, restartedBy: 'kafkajs' | 'service'): void {
    this.states.set(consumer, 'crashed');
    this.lastCrash = { at: new Date(), message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    this.crashes.inc({ restarted_by: restartedBy });
    this.runningGauge.set(0);
  }

  details(): { state: ConsumerState; lastCrash: { at: string; message: string } | null } {
    return { state: this.state, lastCrash: this.lastCrash && { at: this.lastCrash.at.toISOString(), message: this.lastCrash.message } };
  }
}
