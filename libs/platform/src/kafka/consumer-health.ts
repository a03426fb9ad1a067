import { Inject, Injectable, Optional } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { Metrics } from '../metrics/metrics';

export type ConsumerState = 'not_started' | 'running' | 'crashed';

/** How long a consumed chunk may go without progress before its consumer counts as stuck. */
export interface ConsumerHealthSettings {
  stuckAfterMs: number;
}
export const CONSUMER_HEALTH_SETTINGS = Symbol('CONSUMER_HEALTH_SETTINGS');
/** Clock of ConsumerHealth (tests give their own; no timed assertions). */
export const CONSUMER_HEALTH_CLOCK = Symbol('CONSUMER_HEALTH_CLOCK');
export const DEFAULT_STUCK_AFTER_MS = 600_000;

/** One chunk a handler is working on: the runner reports each retry as progress. */
export interface ChunkInFlight {
  progress(): void;
  finished(): void;
}

export interface ConsumerDetails {
  state: ConsumerState;
  /** Longest time one of its chunks in flight has gone without progress (0 when idle). */
  stalledSeconds: number;
  stuck: boolean;
  /** Since the last heartbeat kafkajs sent for it; null before the first. */
  heartbeatAgeSeconds: number | null;
}

interface ConsumerRecord {
  state: ConsumerState;
  lastHeartbeatAt: number | null;
  /** Chunk id → time of its start or last progress. */
  inFlight: Map<number, number>;
}

/**
 * What the service's Kafka consumers are doing, for health and metrics. A consumer can fail without
 * failing anything else in the process, so without this nobody would see it:
 * - crashed: kafkajs stopped its loop (it restarts retriable crashes, KafkaBatchServer the others);
 * - stuck: a chunk's handler made no progress (no start, no retry) for `stuckAfterMs`, a hung
 *   promise that heartbeats keep hidden from the group coordinator.
 */
@Injectable()
export class ConsumerHealth {
  private readonly consumers = new Map<string, ConsumerRecord>();
  private lastCrash: { at: Date; message: string } | null = null;
  private nextChunk = 0;
  private readonly crashes: Counter<'restarted_by'>;
  private readonly runningGauge: Gauge;
  private readonly stuckAfterMs: number;
  private readonly now: () => number;

  constructor(
    metrics: Metrics,
    @Optional() @Inject(CONSUMER_HEALTH_SETTINGS) settings?: ConsumerHealthSettings,
    @Optional() @Inject(CONSUMER_HEALTH_CLOCK) clock?: () => number,
  ) {
    this.stuckAfterMs = settings?.stuckAfterMs ?? DEFAULT_STUCK_AFTER_MS;
    this.now = clock ?? Date.now;
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
    this.registerPerConsumerGauges(metrics);
  }

  /** The worst of the consumers: crashed beats not started beats running. */
  get state(): ConsumerState {
    const all = [...this.consumers.values()].map((c) => c.state);
    if (all.includes('crashed')) return 'crashed';
    return all.length > 0 && all.every((s) => s === 'running') ? 'running' : 'not_started';
  }

  get stuck(): boolean {
    return [...this.consumers.keys()].some((name) => this.consumerDetails(name).stuck);
  }

  running(consumer: string): void {
    this.record(consumer).state = 'running';
    this.runningGauge.set(this.state === 'running' ? 1 : 0);
  }

  crashed(consumer: string, error: unknown, restartedBy: 'kafkajs' | 'service'): void {
    const record = this.record(consumer);
    record.state = 'crashed';
    // A crashed loop's handlers were abandoned by kafkajs: they are not "in flight" any more.
    record.inFlight.clear();
    this.lastCrash = { at: new Date(this.now()), message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    this.crashes.inc({ restarted_by: restartedBy });
    this.runningGauge.set(0);
  }

  heartbeat(consumer: string): void {
    this.record(consumer).lastHeartbeatAt = this.now();
  }

  chunkStarted(consumer: string): ChunkInFlight {
    const id = this.nextChunk++;
    const inFlight = this.record(consumer).inFlight;
    inFlight.set(id, this.now());
    return {
      progress: () => {
        if (inFlight.has(id)) inFlight.set(id, this.now());
      },
      finished: () => void inFlight.delete(id),
    };
  }

  consumerDetails(consumer: string): ConsumerDetails {
    const record = this.record(consumer);
    const now = this.now();
    const oldest = Math.min(now, ...record.inFlight.values());
    const stalledMs = now - oldest;
    return {
      state: record.state,
      stalledSeconds: stalledMs / 1000,
      stuck: record.inFlight.size > 0 && stalledMs >= this.stuckAfterMs,
      heartbeatAgeSeconds: record.lastHeartbeatAt === null ? null : (now - record.lastHeartbeatAt) / 1000,
    };
  }

  details(): { state: ConsumerState; stuck: boolean; lastCrash: { at: string; message: string } | null; consumers: Record<string, ConsumerDetails> } {
    const consumers = Object.fromEntries([...this.consumers.keys()].map((name) => [name, this.consumerDetails(name)]));
    return {
      state: this.state,
      stuck: Object.values(consumers).some((c) => c.stuck),
      lastCrash: this.lastCrash && { at: this.lastCrash.at.toISOString(), message: this.lastCrash.message },
      consumers,
    };
  }

  private record(consumer: string): ConsumerRecord {
    let record = this.consumers.get(consumer);
    if (!record) {
      record = { state: 'not_started', lastHeartbeatAt: null, inFlight: new Map() };
      this.consumers.set(consumer, record);
    }
    return record;
  }

  /** Computed at scrape time from the same state health reads. */
  private registerPerConsumerGauges(metrics: Metrics): void {
    const each = (gauge: Gauge<'consumer'>, value: (d: ConsumerDetails) => number | null) => {
      gauge.reset();
      for (const name of this.consumers.keys()) {
        const v = value(this.consumerDetails(name));
        if (v !== null) gauge.set({ consumer: name }, v);
      }
    };
    const gauge = (name: string, help: string, value: (d: ConsumerDetails) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['consumer'] as const,
        registers: [metrics.registry],
        collect() {
          each(this, value);
        },
      });
    gauge('contact_sync_kafka_consumer_up', '1 while the consumer is in its group and consuming; 0 while crashed or not started.', (d) => (d.state === 'running' ? 1 : 0));
    gauge('contact_sync_kafka_consumer_stuck', '1 while one of the consumer\'s chunks has made no progress for longer than CONSUMER_STUCK_AFTER_MS (liveness fails).', (d) => (d.stuck ? 1 : 0));
    gauge('contact_sync_kafka_consumer_stalled_seconds', 'Longest time one of the consumer\'s chunks in flight has gone without progress (start or retry); 0 when idle.', (d) => d.stalledSeconds);
    gauge('contact_sync_kafka_consumer_heartbeat_age_seconds', 'Seconds since the consumer last heartbeated to its group coordinator.', (d) => d.heartbeatAgeSeconds);
  }
}
