import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per service with the counters every service shares. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly eventsConsumed = new Counter({
    name: 'contact_sync_events_consumed_total',
    help: 'Consumed events by topic and outcome (applied, dead_lettered).',
    labelNames: ['topic', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly mongoCommands = new Counter({
    name: 'contact_sync_mongodb_commands_total',
    help: 'MongoDB commands sent, by command name and collection (writes: insert, update, delete, findAndModify).',
    labelNames: ['command', 'collection'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'contact_sync_http_request_duration_seconds',
    help: 'HTTP request duration, from the first middleware to the response sent, by method, route template and status class (2xx, 4xx...).',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
