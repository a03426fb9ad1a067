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

  constructor(
    @Inject(KAFKA_CLIENT) private readonly client: ClientKafka,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  private getProducer(): Promise<Producer> {
    this.producer ??= this.client.connect().catch((err) => {
      this.producer = undefined;
      throw err;
    });
    return this.producer;
  }

  async publish(...events: AnyEvent[]): Promise<void> {
    if (events.length === 0) return;
    const all: TopicMessage[] = events.map((event) => ({
      topic: topicName(EVENT_CONTRACTS[event.type].topic, this.config.TOPIC_NAMESPACE),
      message: { key: eventKey(event), value: JSON.stringify(event), headers: { 'event-type': event.type } },
    }));
    // Chunked before connecting: an oversized event is refused at once, with nothing half-sent.
    const chunks = chunkBySize(all, BATCH_SIZE);
    const producer = await this.getProducer();
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
