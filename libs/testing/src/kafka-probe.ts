import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { topicName, type TopicKey } from '@contact-sync/events';

export interface ProbedMessage {
  key: string | null;
  value: string;
  partition: number;
  offset: string;
}

/** Reads and writes topics directly, bypassing the services (to replay, poison and inspect). */
export class KafkaProbe {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private readonly consumers: Consumer[] = [];

  constructor(brokers: string, private readonly namespace: string) {
    this.kafka = new Kafka({ clientId: 'test-probe', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  }

  topic(key: TopicKey): string {
    return topicName(key, this.namespace);
  }

  async send(key: TopicKey, messages: { key: string | null; value: string }[]): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer();
      await this.producer.connect();
    }
    await this.producer.send({ topic: this.topic(key), acks: -1, messages });
  }

  /** Everything on the topic from the beginning, collected until `until` holds or the time is up. */
  async readUntil(key: TopicKey, until: (messages: ProbedMessage[]) => boolean, timeoutMs = 30_000): Promise<ProbedMessage[]> {
    const consumer = this.kafka.consumer({ groupId: `probe-${randomUUID()}` });
    this.consumers.push(consumer);
    const messages: ProbedMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic(key), fromBeginning: true });
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        messages.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', partition, offset: message.offset });
        if (until(messages)) done();
      },
    });
    const timer = setTimeout(done, timeoutMs);
    await finished;
    clearTimeout(timer);
    await consumer.disconnect();
    return messages;
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.disconnect().catch(() => undefined)));
    await this.producer?.disconnect();
  }
}
