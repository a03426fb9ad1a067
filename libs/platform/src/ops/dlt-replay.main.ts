import { kafkaConnectionEnvSchema } from '../config/base-env.schema';
import { validateEnv } from '../config/validate-env';
import { checkKafkaSecurityEnv } from '../kafka/kafka-security-env.schema';
import { replayDeadLetters } from './dlt-replay';

/**
 * `npm run dlt:replay -- [--account <id>] [--dry-run]` with KAFKA_BROKERS, MONGODB_URI (and
 * TOPIC_NAMESPACE / MONGODB_DB / KAFKA_SSL* / KAFKA_SASL_* of the consuming service when they are set there); in an image: `node dist/libs/platform/src/ops/dlt-replay.main.js`. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const accountAt = args.indexOf('--account');
  const accountId = accountAt >= 0 ? args[accountAt + 1] : undefined;
  if (accountAt >= 0 && !accountId) throw new Error('--account needs an id');
  const mongoUri = process.env.MONGODB_URI;
  if (!mongoUri) throw new Error('MONGODB_URI must be set');
  const kafka = validateEnv(kafkaConnectionEnvSchema.superRefine(checkKafkaSecurityEnv));
  await replayDeadLetters({
    kafkaBrokers: kafka.KAFKA_BROKERS,
    kafkaSecurity: kafka,
    mongoUri,
    namespace: process.env.TOPIC_NAMESPACE ?? '',
    accountId,
    database: process.env.MONGODB_DB || undefined,
    dryRun: args.includes('--dry-run'),
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`dlt:replay failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
