import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurityFromEnv } from '@contact-sync/platform';

/**
 * Resolves once the consumer group is Stable with at least one member (joined, partitions
 * assigned): the moment a freshly started service can begin consuming. Bounded by `timeoutMs`.
 */
export async function untilGroupStable(brokers: string, groupId: string, timeoutMs = 120_000): Promise<void> {
  const admin = new Kafka({ ...kafkaSecurityFromEnv(), clientId: 'bench-group', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { groups } = await admin.describeGroups([groupId]);
      const group = groups[0];
      if (group?.state === 'Stable' && group.members.length > 0) return;
      if (Date.now() > deadline) throw new Error(`consumer group ${groupId} not stable after ${timeoutMs} ms (state ${group?.state ?? 'unknown'})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await admin.disconnect();
  }
}
