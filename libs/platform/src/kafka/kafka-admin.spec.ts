import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { TOPICS, topicName, type TopicKey } from '@contact-sync/events';
import type { ServiceConfig } from '../config/service-config';
import { KafkaAdmin } from './kafka-admin';

jest.setTimeout(60_000);

// libs/testing builds on platform, so platform's own specs read the infrastructure from the environment.
const brokers = (): string => {
  const value = process.env.KAFKA_BROKERS;
  if (!value) throw new Error('KAFKA_BROKERS must be set (eval "$(bash tools/infra/infra.sh up)")');
  return value;
};

/** Services start side by side and race to create the same topics, on the real broker. */
describe('KafkaAdmin.ensureTopics', () => {
  it('five services creating the same fresh topics at once all start, and every topic exists once', async () => {
    const kafkaBrokers = brokers();
    const namespace = `race${randomUUID().slice(0, 6)}`;
    const admins = ['accounts', 'ingest', 'contacts', 'writeback', 'other'].map(
      (name) => new KafkaAdmin({ name, KAFKA_BROKERS: kafkaBrokers.split(','), TOPIC_NAMESPACE: namespace } as unknown as ServiceConfig),
    );
    try {
      await Promise.all(admins.map((a) => a.ensureTopics()));
      const kafka = new Kafka({ brokers: kafkaBrokers.split(','), clientId: 'race-check', logLevel: 0 });
      const check = kafka.admin();
      await check.connect();
      const listed = new Set(await check.listTopics());
      await check.disconnect();
      for (const key of Object.keys(TOPICS) as TopicKey[]) expect(listed.has(topicName(key, namespace))).toBe(true);
      // What the services do next: subscribe at once (the CI failure was this subscribe's metadata).
      const consumer = kafka.consumer({ groupId: `${namespace}-check`, allowAutoTopicCreation: false });
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: (Object.keys(TOPICS) as TopicKey[]).map((k) => topicName(k, namespace)) });
      } finally {
        await consumer.disconnect();
      }
    } finally {
      await Promise.all(admins.map((a) => a.onApplicationShutdown()));
    }
  });

  it('retries the race the CI run met ("does not host this topic-partition" while another service creates the topics), and gives up on other errors', async () => {
    const kafkaBrokers = brokers();
    const admin = new KafkaAdmin({ name: 'racer', KAFKA_BROKERS: kafkaBrokers.split(','), TOPIC_NAMESPACE: `race${randomUUID().slice(0, 6)}` } as unknown as ServiceConfig);
    const once = jest.spyOn(admin as unknown as { ensureTopicsOnce: (k: TopicKey[]) => Promise<void> }, 'ensureTopicsOnce');
    try {
      once.mockRejectedValueOnce(Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION', retriable: true }));
      await admin.ensureTopics(['crmPersonChanges']);
      expect(once).toHaveBeenCalledTimes(2);
      once.mockRejectedValueOnce(new Error('bad config'));
      await expect(admin.ensureTopics(['crmPersonChanges'])).rejects.toThrow('bad config');
    } finally {
      await admin.onApplicationShutdown();
    }
  });
});
