import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientKafka } from '@nestjs/microservices';
import type { Message, Producer } from 'kafkajs';
import { chunkBySize, type TopicMessage } from './produce-chunks';
import { EVENT_CONTRACTS, topicName, type AnyEvent } from '@contact-sync/events';
import { KAFKA_CLIENT } from './kafka-tokens';
import { eventKey } from './event-key';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';

/** Messages per produce request, at most: amortises round trips (the byte budget is in produce-chunks). */
const BATCH_SIZE = 200;

/**
 * Publishes typed events. Uses the kafkajs producer of Nest's ClientKafka directly so that a whole
 * page of changes goes out in a few batched, fully acknowledged requests instead of one per event.
 */
@Injectable()
export class EventPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(EventPublisher.name);
  private producer?: Promise<Producer>;
  /** The close of a producer dropped after a failed publish; the next connect waits for it. */
  private dropped: Promise<void> = Promise.resolve();

  constructor(
    @Inject(KAFKA_CLIENT) private readonly client: ClientKafka,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  private getProducer(): Promise<Producer> {
    this.producer ??= this.dropped.then(() => this.client.connect());
    return this.producer;
  }

  /**
   * After a failed send the idempotent producer's sequence numbers may not match what the broker
   * wrote (producer-options.ts): the next publish starts a new producer, with a new producer id.
   * A failed connect is dropped the same way: closing the client clears it, which ClientKafka would
   * otherwise return again. Only the producer that failed is dropped, once, whatever publishes failed with it.
   */
  private drop(failed: Promise<Producer>): void {
    if (this.producer !== failed) return;
    this.producer = undefined;
    this.dropped = this.client.close().catch((err) => this.logger.warn(`kafka producer close failed: ${err}`));
  }

  async publish(...events: AnyEvent[]): Promise<void> {
    if (events.length === 0) return;
    const all: TopicMessage[] = events.map((event) => ({
      topic: topicName(EVENT_CONTRACTS[event.type].topic, this.config.TOPIC_NAMESPACE),
      message: { key: eventKey(event), value: JSON.stringify(event), headers: { 'event-type': event.type } },
    }));
    // Chunked before connecting: an oversized event is refused at once, with nothing half-sent.
    const chunks = chunkBySize(all, BATCH_SIZE);
    const current = this.getProducer();
    try {
      await this.send(await current, chunks);
    } catch (err) {
      this.drop(current);
      throw err;
    }
  }

  private async send(producer: Producer, chunks: TopicMessage[][]): Promise<void> {
    for (const chunk of chunks) {
      const byTopic = new Map<string, Message[]>();
      for (const { topic, message } of chunk) {
        const messages = byTopic.get(topic) ?? [];
        messages.push(message);
        byTopic.set(topic, messages);
      }
      // acks=-1: an event counts as published only once every in-sync replica has it.
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.producer) {
      await this.client.close().catch((err) => this.logger.warn(`kafka producer close failed: ${err}`));
    }
  }
}
