import { ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { ConsumedBatch } from './consumed-batch';
import { whileTopicsSettle } from './topic-settling';

/** Largest chunk one handler call receives: bounds memory and the size of one bulk write. */
export const MAX_CHUNK = 2000;

/**
 * Nest's Kafka transport, consuming with kafkajs `eachBatch`: handlers receive a chunk of one
 * partition's messages so they can apply it with a few bulk queries instead of one round trip per
 * message. Offsets are resolved only after the handler finished the chunk; a handler error is not
 * swallowed (unlike the stock server) but makes kafkajs retry from the first unresolved message.
 */
export class KafkaBatchServer extends ServerKafka {
  constructor(options: Required<KafkaOptions>['options']) {
    super(options);
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    // Subscribing fetches the topics' metadata, which a broker may refuse for topics that are a
    // moment old; that must not end the service's start.
    if (topics.length > 0) {
      await whileTopicsSettle(() => consumer.subscribe({ ...(this.options.subscribe ?? {}), topics }), this.logger, 'subscribe');
    }
    await consumer.run({
      ...(this.options.run ?? {}),
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
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
      const chunk: ConsumedBatch = { topic: batch.topic, partition: batch.partition, messages, heartbeat };
      const result = await handler(chunk);
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      const last = messages.at(-1);
      if (last) resolveOffset(last.offset);
      await heartbeat();
    }
  }
}
