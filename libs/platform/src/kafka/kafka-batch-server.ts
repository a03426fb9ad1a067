import { ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { Consumer, ConsumerCrashEvent, EachBatchPayload } from 'kafkajs';
import type { ConsumedBatch } from './consumed-batch';
import type { ConsumerHealth } from './consumer-health';
import { whileTopicsSettle } from './topic-settling';

/** Largest chunk one handler call receives: bounds memory and the size of one bulk write. */
export const MAX_CHUNK = 2000;

/** Waits before restarting a consumer that kafkajs left stopped: doubling from the first, capped. */
export interface RestartBackoff {
  firstMs: number;
  maxMs: number;
}
const DEFAULT_BACKOFF: RestartBackoff = { firstMs: 1_000, maxMs: 30_000 };

/**
 * Nest's Kafka transport, consuming with kafkajs `eachBatch`: handlers receive a chunk of one
 * partition's messages so they can apply it with a few bulk queries instead of one round trip per
 * message. Offsets are resolved only after the handler finished the chunk; a handler error is not
 * swallowed (unlike the stock server) but makes kafkajs retry from the first unresolved message.
 *
 * kafkajs restarts its consumer after retriable errors only. A crash it calls non-retriable (such
 * as "Failed to find group coordinator" while the broker is away) leaves the consumer stopped for
 * good while the process lives on, and the stock server does not notice: nothing would be consumed
 * again. This server restarts it, with backoff, until it runs or the service closes.
 */
export class KafkaBatchServer extends ServerKafka {
  private closing = false;
  private restartTimer: NodeJS.Timeout | null = null;
  /** Restarts since the consumer last joined its group: the backoff grows while the broker stays away. */
  private restarts = 0;

  constructor(
    options: Required<KafkaOptions>['options'],
    private readonly consumerHealth?: ConsumerHealth,
    private readonly backoff: RestartBackoff = DEFAULT_BACKOFF,
  ) {
    super(options);
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    this.watch(consumer);
    const topics = [...this.messageHandlers.keys()];
    // Subscribing fetches the topics' metadata, which a broker may refuse for topics that are a
    // moment old; that must not end the service's start.
    if (topics.length > 0) {
      await whileTopicsSettle(() => consumer.subscribe({ ...(this.options.subscribe ?? {}), topics }), this.logger, 'subscribe');
    }
    await this.runConsumer(consumer);
  }

  private get consumerName(): string {
    return this.options.client?.clientId ?? 'consumer';
  }

  override async close(): Promise<void> {
    this.closing = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await super.close();
  }

  private runConsumer(consumer: Consumer): Promise<void> {
    return consumer.run({
      ...(this.options.run ?? {}),
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private watch(consumer: Consumer): void {
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.restarts = 0;
      this.consumerHealth?.running(this.consumerName);
    });
    consumer.on(consumer.events.HEARTBEAT, () => this.consumerHealth?.heartbeat(this.consumerName));
    consumer.on(consumer.events.CRASH, (event: ConsumerCrashEvent) => {
      const { error, restart } = event.payload;
      this.consumerHealth?.crashed(this.consumerName, error, restart ? 'kafkajs' : 'service');
      if (!restart && !this.closing) {
        this.logger.error(`consumer stopped by a crash kafkajs does not retry (${error.message}); restarting it`);
        this.scheduleRestart(consumer);
      }
    });
  }

  /** kafkajs has disconnected the consumer before it reports the crash, so it can connect and run again. */
  private scheduleRestart(consumer: Consumer): void {
    const attempt = ++this.restarts;
    const waitMs = Math.min(this.backoff.maxMs, this.backoff.firstMs * 2 ** (attempt - 1));
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.closing) return;
      void (async () => {
        try {
          await consumer.connect();
          await this.runConsumer(consumer);
          // run() resolves also when the join fails: that is a new crash, and its event schedules the next attempt.
          this.logger.log(`consumer restart attempt ${attempt} started`);
        } catch (err) {
          this.logger.warn(`consumer restart attempt ${attempt} failed (${err instanceof Error ? err.message : String(err)}); retrying`);
          await consumer.disconnect().catch(() => undefined);
          if (!this.closing) this.scheduleRestart(consumer);
        }
      })();
    }, waitMs);
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const handler = this.getHandlerByPattern(batch.topic);
    if (!handler) {
      this.logger.error(`no handler for topic ${batch.topic}`);
      return;
    }
    for (let i = 0; i < batch.messages.length; i += MAX_CHUNK) {
      if (!isRunning() || isStale()) return;
      const messages = batch.messages.slice(i, i + MAX_CHUNK);
      const inFlight = this.consumerHealth?.chunkStarted(this.consumerName);
      const chunk: ConsumedBatch = { topic: batch.topic, partition: batch.partition, messages, heartbeat, progress: () => inFlight?.progress() };
      try {
        const result = await handler(chunk);
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      } finally {
        inFlight?.finished();
      }
      const last = messages.at(-1);
      if (last) resolveOffset(last.offset);
      await heartbeat();
    }
  }
}
