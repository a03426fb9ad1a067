import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { topicName, type TopicKey } from '@contact-sync/events';
import { kafkaSecurityFromEnv } from '@contact-sync/platform';

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

  /** `clientEnv`: a secured broker's KAFKA_SSL* / KAFKA_SASL_* (InfraEnv.kafkaClientEnv). */
  constructor(brokers: string, private readonly namespace: string, clientEnv: Record<string, string> = {}) {
    this.kafka = new Kafka({ ...kafkaSecurityFromEnv(clientEnv), clientId: 'test-probe', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
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

  /**
   * Waits (bounded) until some consumer group of the namespace has committed every partition of
   * the topic up to its end: what was published so far has been applied (or dead-lettered).
   */
  async untilConsumed(key: TopicKey, timeoutMs = 60_000): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topic = this.topic(key);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const ends = await admin.fetchTopicOffsets(topic);
        const { groups } = await admin.listGroups();
        for (const { groupId } of groups.filter((g) => g.groupId.includes(this.namespace) && !g.groupId.startsWith('probe-'))) {
          const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
          const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
          if (committed && ends.every((e) => Number(e.high) === 0 || (at.get(e.partition) ?? -1) >= Number(e.high))) return;
        }
        if (Date.now() > deadline) throw new Error(`${topic} not consumed within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.disconnect().catch(() => undefined)));
    await this.producer?.disconnect();
  }
}
