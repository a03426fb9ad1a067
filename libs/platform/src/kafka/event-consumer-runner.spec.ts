import { randomUUID } from 'node:crypto';
import type { ClientKafka } from '@nestjs/microservices';
import type { KafkaMessage } from 'kafkajs';
import mongoose, { mongo, type Connection } from 'mongoose';
import { createEvent, type DeadLetter } from '@contact-sync/events';
import type { ServiceConfig } from '../config/service-config';
import { DeadLetterRepository } from '../dead-letters/dead-letter.repository';
import { DeadLetterRecord, DeadLetterRecordSchema } from '../dead-letters/dead-letter.schema';
import { Metrics } from '../metrics/metrics';
import type { ConsumedBatch } from './consumed-batch';
import { EventConsumerRunner } from './event-consumer-runner';

/**
 * The consumer runner against the real database (its dead-letter records) with a recording broker
 * producer: what reaches the handler, the dead-letter topic and the `dead_letters` collection.
 */
jest.setTimeout(60_000);

const metrics = new Metrics();
const refresh = (accountId: string) => createEvent('sync.refresh-requested', { companyId: 'co', accountId }, { full: false });

describe('EventConsumerRunner', () => {
  let conn: Connection;
  let letters: DeadLetterRepository;
  let sent: DeadLetter[];
  let runner: EventConsumerRunner;
  let offset = 0;

  const batch = (values: string[]): ConsumedBatch => ({
    topic: 'contact-sync.account-lifecycle.v1',
    partition: 0,
    messages: values.map((value) => ({ offset: String(offset++), key: Buffer.from('k'), value: Buffer.from(value), timestamp: '0', attributes: 0, headers: {} }) as KafkaMessage),
    heartbeat: async () => undefined,
  });

  beforeEach(async () => {
    const uri = process.env.MONGODB_URI;
    if (!uri) throw new Error('MONGODB_URI must be set (eval "$(bash tools/infra/infra.sh up)")');
    conn = await mongoose.createConnection(uri, { dbName: `runner_${randomUUID().slice(0, 8)}` }).asPromise();
    letters = new DeadLetterRepository(conn.model(DeadLetterRecord.name, DeadLetterRecordSchema));
    sent = [];
    const producer = { send: async (r: { messages: { value: string }[] }) => void sent.push(...r.messages.map((m) => JSON.parse(m.value) as DeadLetter)) };
    const client = { connect: async () => producer } as unknown as ClientKafka;
    runner = new EventConsumerRunner(client, { name: 'contacts', TOPIC_NAMESPACE: '' } as unknown as ServiceConfig, metrics, letters);
  });

  afterEach(async () => {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  });

  it('dead-letters an invalid message with its reason, records it for its account, and applies the rest', async () => {
    const good = refresh('acc-1');
    const bad = { ...refresh('acc-1'), version: 99 };
    const applied: string[] = [];
    await runner.each('accountLifecycle', batch([JSON.stringify(bad), JSON.stringify(good)]), async (e) => void applied.push(e.id));
    expect(applied).toEqual([good.id]);
    expect(sent).toEqual([expect.objectContaining({ reason: expect.stringMatching(/unsupported version 99/), eventId: bad.id, accountId: 'acc-1' })]);
    expect(await letters.openForAccount('acc-1', 5)).toMatchObject({ count: 1, samples: [{ eventId: bad.id }] });
  });

  it('isolates the one event of a chunk that keeps failing; the others are applied', async () => {
    const events = [refresh('acc-1'), refresh('acc-1'), refresh('acc-1')];
    const culprit = events[1]!.id;
    const applied = new Set<string>();
    await runner.bulk('accountLifecycle', batch(events.map((e) => JSON.stringify(e))), async (chunk) => {
      if (chunk.some((e) => e.id === culprit)) throw new Error('cannot apply this one');
      for (const e of chunk) applied.add(e.id);
    });
    expect([...applied].sort()).toEqual([events[0]!.id, events[2]!.id].sort());
    expect(sent.map((l) => l.eventId)).toEqual([culprit]);
    expect(sent[0]!.reason).toMatch(/apply failed after 5 attempts: Error: cannot apply this one/);
  });

  it('retries a database outage without dead-lettering, and a later success resolves an open letter', async () => {
    const event = refresh('acc-2');
    await runner.each('accountLifecycle', batch([JSON.stringify({ ...event, version: 99 })]), async () => undefined);
    expect((await letters.openForAccount('acc-2', 1)).count).toBe(1);
    let calls = 0;
    // The replay of the same event (now valid): two outages, then it applies.
    await runner.each('accountLifecycle', batch([JSON.stringify(event)]), async () => {
      calls++;
      if (calls <= 2) throw new mongo.MongoNetworkError('connection reset');
    });
    expect(calls).toBe(3);
    expect(sent).toHaveLength(1);
    expect((await letters.openForAccount('acc-2', 1)).count).toBe(0);
  });

  it('reports each attempt as progress, so an outage retried without end never makes the consumer look stuck', async () => {
    let progress = 0;
    let calls = 0;
    await runner.each('accountLifecycle', { ...batch([JSON.stringify(refresh('acc-3'))]), progress: () => void progress++ }, async () => {
      if (++calls <= 2) throw new mongo.MongoNetworkError('connection reset');
    });
    expect({ calls, progress }).toEqual({ calls: 3, progress: 3 });
  });
});
