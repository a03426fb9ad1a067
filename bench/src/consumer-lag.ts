import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurityFromEnv } from '@contact-sync/platform';

/** Messages of `topic` the consumer group has not committed yet: 0 means it has applied everything. */
export async function consumerLag(brokers: string, groupId: string, topic: string): Promise<number> {
  const admin = new Kafka({ ...kafkaSecurityFromEnv(), clientId: 'bench-lag', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    return ends.reduce((lag, p) => lag + Number(p.high) - Math.max(0, at.get(p.partition) ?? 0), 0);
  } finally {
    await admin.disconnect();
  }
}
