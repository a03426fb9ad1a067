import { replayDeadLetters } from './dlt-replay';

/**
 * `npm run dlt:replay -- [--account <id>] [--dry-run]` with KAFKA_BROKERS, MONGODB_URI (and
 * TOPIC_NAMESPACE / MONGODB_DB of the consuming service when they are set there); in an image: `node dist/libs/platform/src/ops/dlt-replay.main.js`. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const accountAt = args.indexOf('--account');
  const accountId = accountAt >= 0 ? args[accountAt + 1] : undefined;
  if (accountAt >= 0 && !accountId) throw new Error('--account needs an id');
  const brokers = process.env.KAFKA_BROKERS;
  const mongoUri = process.env.MONGODB_URI;
  if (!brokers || !mongoUri) throw new Error('KAFKA_BROKERS and MONGODB_URI must be set');
  await replayDeadLetters({
    kafkaBrokers: brokers.split(',').map((b) => b.trim()).filter(Boolean),
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
