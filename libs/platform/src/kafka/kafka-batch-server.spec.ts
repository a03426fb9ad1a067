import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Metrics } from '../metrics/metrics';
import type { ConsumedBatch } from './consumed-batch';
import { ConsumerHealth } from './consumer-health';
import { KafkaBatchServer } from './kafka-batch-server';

jest.setTimeout(90_000);

const brokers = (): string[] => {
  const value = process.env.KAFKA_BROKERS;
  if (!value) throw new Error('KAFKA_BROKERS must be set (eval "$(bash tools/infra/infra.sh up)")');
  return value.split(',');
};

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * On the real broker: a consumer crash that kafkajs does not restart (here a handler failure with
 * `restartOnFailure` answering false, the same "restart: false" path as a group coordinator that
 * cannot be found while the broker is away) is restarted by the server, and health shows it.
 */
describe('KafkaBatchServer', () => {
  it('restarts a consumer that kafkajs left stopped after a crash, and consumes what was left', async () => {
    const topic = `crash-${randomUUID().slice(0, 8)}`;
    const kafka = new Kafka({ brokers: brokers(), clientId: 'crash-test', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'first' }, { value: 'second' }] });

    const metrics = new Metrics();
    const health = new ConsumerHealth(metrics);
    const states: string[] = [];
    const server = new KafkaBatchServer(
      {
        postfixId: '',
        client: { clientId: 'crash-test-consumer', brokers: brokers(), logLevel: logLevel.NOTHING },
        consumer: { groupId: `${topic}-group`, retry: { retries: 0, restartOnFailure: async () => false } },
        subscribe: { fromBeginning: true },
      },
      health,
      { firstMs: 200, maxMs: 1_000 },
    );
    const seen: string[] = [];
    let failuresLeft = 1;
    server.addHandler(
      topic,
      async (batch: ConsumedBatch) => {
        states.push(health.state);
        if (failuresLeft-- > 0) throw new Error('handler failed once');
        seen.push(...batch.messages.map((m) => String(m.value)));
      },
      true,
    );
    try {
      await server.listen(() => undefined);
      await until('both messages consumed after the restart', () => seen.length >= 2);
      expect(seen).toEqual(['first', 'second']);
      expect(health.state).toBe('running');
      expect(health.details().lastCrash?.message).toMatch(/handler failed once|retries/i);
      const crashes = await metrics.registry.getSingleMetric('contact_sync_kafka_consumer_crashes_total')?.get();
      expect(crashes?.values).toEqual([expect.objectContaining({ labels: { restarted_by: 'service' }, value: 1 })]);
      // Two handler calls: the failing one, then one of the restarted consumer, which rejoined its group.
      expect(states).toEqual(['running', 'running']);
    } finally {
      await server.close();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
