import { randomUUID } from 'node:crypto';
import { Kafka, type KafkaMessage } from 'kafkajs';
import mongoose from 'mongoose';
import { deadLetterSchema, REPLAY_HEADER, topicName, type DeadLetter } from '@contact-sync/events';
import { DeadLetterRecordSchema } from '../dead-letters/dead-letter.schema';
import { kafkaSecurityConfig } from '../kafka/kafka-client-options';
import type { KafkaSecurityEnv } from '../kafka/kafka-security-env.schema';

export interface ReplayOptions {
  kafkaBrokers: string[];
  /** TLS and SASL of a secured broker (the consuming service's KAFKA_SSL* / KAFKA_SASL_* settings). */
  kafkaSecurity?: KafkaSecurityEnv;
  mongoUri: string;
  namespace: string;
  accountId?: string;
  /** The consuming service's database when it is not the default name (MONGODB_DB set). */
  database?: string;
  dryRun: boolean;
  /** Bound on reading the dead-letter topic to its current end. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface ReplayReport {
  read: number;
  replayed: number;
  skippedResolved: number;
  skippedOtherAccount: number;
  unreadable: number;
}

/** The service database a consumer group writes its letters to (mongo-connection's default name). */
const databaseOf = (consumerGroup: string): string => `contact-sync-${consumerGroup.split('.').pop()}`;

/** Reads the dead-letter topic from the beginning to the end it has now (bounded in time). */
async function readDeadLetters(kafka: Kafka, topic: string, timeoutMs: number): Promise<KafkaMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
  const messages: KafkaMessage[] = [];
  if (remaining.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: `dlt-replay-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dead-letter topic not read to its end within ${timeoutMs} ms`)), timeoutMs);
    void consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const end = remaining.get(partition);
        if (end === undefined || Number(message.offset) >= end) return;
        messages.push(message);
        if (Number(message.offset) >= end - 1) remaining.delete(partition);
        if (remaining.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  }).finally(() => consumer.disconnect());
  return messages;
}

/**
 * Replays dead letters still open in the consuming service's `dead_letters` collection: the
 * original key and value go back to their source topic with REPLAY_HEADER, and the letter is marked
 * replayed so a second run does not send it again (consumers are idempotent anyway; the consumer
 * resolves the letter once the replay applies, or records a new letter if it fails again).
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayReport> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const kafka = new Kafka({ ...(options.kafkaSecurity ? kafkaSecurityConfig(options.kafkaSecurity) : {}), clientId: 'contact-sync-dlt-replay', brokers: options.kafkaBrokers, logLevel: 1 });
  const raw = await readDeadLetters(kafka, topicName('deadLetter', options.namespace), options.timeoutMs ?? 60_000);
  const report: ReplayReport = { read: raw.length, replayed: 0, skippedResolved: 0, skippedOtherAccount: 0, unreadable: 0 };
  const connection = await mongoose.createConnection(options.mongoUri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (const message of raw) {
      const parsed = deadLetterSchema.safeParse(JSON.parse(message.value?.toString('utf8') ?? 'null'));
      if (!parsed.success) {
        report.unreadable++;
        log(`skip unreadable letter at offset ${message.offset}`);
        continue;
      }
      const letter: DeadLetter = parsed.data;
      if (options.accountId && letter.accountId !== options.accountId) {
        report.skippedOtherAccount++;
        continue;
      }
      const records = connection.useDb(options.database ?? databaseOf(letter.consumerGroup), { useCache: true }).model('DeadLetterRecord', DeadLetterRecordSchema, 'dead_letters');
      const where = { sourceTopic: letter.sourceTopic, partition: letter.partition, offset: letter.offset, consumerGroup: letter.consumerGroup };
      const record = await records.findOne(where).lean<{ resolvedAt: Date | null; replayedAt?: Date | null }>();
      if (record && (record.resolvedAt || record.replayedAt)) {
        report.skippedResolved++;
        continue;
      }
      log(`${options.dryRun ? 'would replay' : 'replay'} ${letter.sourceTopic}[${letter.partition}]@${letter.offset} event=${letter.eventId ?? '?'} account=${letter.accountId ?? '?'}: ${letter.reason}`);
      report.replayed++;
      if (options.dryRun) continue;
      await producer.send({
        topic: letter.sourceTopic,
        acks: -1,
        messages: [{ key: letter.key, value: letter.value, headers: { [REPLAY_HEADER]: `${letter.partition}@${letter.offset}` } }],
      });
      await records.updateOne(where, { $set: { replayedAt: new Date() } }, { strict: false });
    }
  } finally {
    await producer.disconnect();
    await connection.close();
  }
  log(`read ${report.read}, ${options.dryRun ? 'would replay' : 'replayed'} ${report.replayed}, already resolved/replayed ${report.skippedResolved}, other accounts ${report.skippedOtherAccount}, unreadable ${report.unreadable}`);
  return report;
}
