import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { REPLAY_HEADER, topicName, type DeadLetter } from '@contact-sync/events';
import { DeadLetterRecordSchema } from '../dead-letters/dead-letter.schema';
import { replayDeadLetters } from './dlt-replay';

/** The operator's replay command on the real broker and database: by account, and never twice. */
jest.setTimeout(90_000);

// Platform specs cannot use libs/testing (it depends on platform): the variables are read directly.
function requireInfraEnv(): { kafkaBrokers: string; mongoUri: string } {
  const { KAFKA_BROKERS: kafkaBrokers, MONGODB_URI: mongoUri } = process.env;
  if (!kafkaBrokers || !mongoUri) throw new Error('KAFKA_BROKERS and MONGODB_URI must be set (eval "$(bash tools/infra/infra.sh up)")');
  return { kafkaBrokers, mongoUri };
}

describe('dlt:replay', () => {
  const infra = requireInfraEnv();
  const namespace = `r${randomUUID().slice(0, 8)}`;
  const database = `${namespace}_contacts`;
  const kafka = new Kafka({ clientId: 'dlt-replay-spec', brokers: infra.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const source = topicName('providerContactChanges', namespace);
  const dlt = topicName('deadLetter', namespace);
  const letter = (accountId: string, offset: string): DeadLetter => ({
    sourceTopic: source,
    partition: 0,
    offset,
    key: `${accountId}:people/c${offset}`,
    value: JSON.stringify({ marker: `${accountId}-${offset}` }),
    consumerGroup: `${namespace}.contact-sync.contacts`,
    reason: 'apply failed after 5 attempts: test',
    attempts: 5,
    failedAt: new Date().toISOString(),
    eventId: randomUUID(),
    eventType: 'provider-contact.upserted',
    companyId: 'co',
    accountId,
  });
  let conn: mongoose.Connection;

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: source, numPartitions: 1 }, { topic: dlt, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    conn = await mongoose.createConnection(infra.mongoUri, { dbName: database }).asPromise();
    const records = conn.model('DeadLetterRecord', DeadLetterRecordSchema, 'dead_letters');
    const letters = [letter('acc-a', '1'), letter('acc-b', '2'), letter('acc-a', '3')];
    // acc-a's second letter was already healed (its event applied later): it must not be replayed.
    for (const l of letters) await records.create({ ...l, failedAt: new Date(l.failedAt), externalId: null, resolvedAt: l.offset === '3' ? new Date() : null });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: dlt, messages: letters.map((l) => ({ key: l.key, value: JSON.stringify(l) })) });
    await producer.disconnect();
  });

  afterAll(async () => {
    await conn?.dropDatabase().catch(() => undefined);
    await conn?.close();
  });

  async function readSource(): Promise<{ value: string; header: string | undefined }[]> {
    const consumer = kafka.consumer({ groupId: `spec-${randomUUID()}` });
    const seen: { value: string; header: string | undefined }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: source, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push({ value: message.value!.toString(), header: message.headers?.[REPLAY_HEADER]?.toString() }) });
    await new Promise((r) => setTimeout(r, 4000));
    await consumer.disconnect();
    return seen;
  }

  it('replays only the open letters of the chosen account, and a second run replays nothing', async () => {
    const options = { kafkaBrokers: infra.kafkaBrokers.split(','), mongoUri: infra.mongoUri, namespace, database, accountId: 'acc-a', dryRun: false, log: () => undefined };
    const first = await replayDeadLetters(options);
    expect(first).toMatchObject({ read: 3, replayed: 1, skippedResolved: 1, skippedOtherAccount: 1 });
    const second = await replayDeadLetters(options);
    expect(second).toMatchObject({ read: 3, replayed: 0, skippedResolved: 2 });
    expect(await readSource()).toEqual([{ value: JSON.stringify({ marker: 'acc-a-1' }), header: '0@1' }]);
  });
});
