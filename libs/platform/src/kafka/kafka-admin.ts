import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka, type Admin } from 'kafkajs';
import { TOPICS, topicName, type TopicKey } from '@contact-sync/events';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { kafkaClientConfig } from './kafka-client-options';
import { whileTopicsSettle } from './topic-settling';

/** Broker administration: topic creation at start-up and the readiness probe. */
@Injectable()
export class KafkaAdmin implements OnApplicationShutdown {
  private readonly logger = new Logger(KafkaAdmin.name);
  private admin?: Promise<Admin>;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  private connected(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = new Kafka(kafkaClientConfig(`${this.config.name}-admin`, this.config)).admin();
      await admin.connect();
      return admin;
    })().catch((err) => {
      this.admin = undefined;
      throw err;
    });
    return this.admin;
  }

  /**
   * Idempotent: creates the topics of the table that do not exist yet and waits for their leaders.
   * Services start side by side and race to create the same topics; the loser sees the topic while
   * its partitions are still being placed ("does not host this topic-partition", "already exists"):
   * that is retried (bounded), not a failed start.
   */
  async ensureTopics(keys: TopicKey[] = Object.keys(TOPICS) as TopicKey[]): Promise<void> {
    await whileTopicsSettle(() => this.ensureTopicsOnce(keys), this.logger, 'ensure topics');
  }

  private async ensureTopicsOnce(keys: TopicKey[]): Promise<void> {
    const admin = await this.connected();
    const existing = new Set(await admin.listTopics());
    const missing = keys
      .map((key) => ({ topic: topicName(key, this.config.TOPIC_NAMESPACE), numPartitions: TOPICS[key].partitions }))
      .filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing, waitForLeaders: true });
      this.logger.log(`created topics ${missing.map((t) => t.topic).join(', ')}`);
    }
    // Topics another service created a moment ago may still lack leaders: check every partition,
    // so the consumer subscribing next does not meet "does not host this topic-partition".
    const topics = keys.map((key) => topicName(key, this.config.TOPIC_NAMESPACE));
    const metadata = await admin.fetchTopicMetadata({ topics });
    const leaderless = metadata.topics.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0));
    if (leaderless.length > 0) {
      throw Object.assign(new Error(`no leader yet for ${leaderless.map((t) => t.name).join(', ')}`), { type: 'LEADER_NOT_AVAILABLE' });
    }
  }

  /**
   * Cheap broker round trip for health and the broker gauge. The bound covers connecting too: with
   * the broker away, kafkajs retries a connection for far longer than a probe or a scrape waits.
   */
  async ping(timeoutMs = 2000): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const cluster = await Promise.race([
        this.connected().then((admin) => admin.describeCluster()),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`kafka did not answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return cluster.brokers.length;
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = await this.admin?.catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }
}
