import 'reflect-metadata';
import { bootstrapService } from '@contact-sync/platform';
import { AppModule } from './app.module';

// Partitions are applied in parallel; per-contact order holds because each key stays on one partition.
bootstrapService(AppModule, { consumer: { partitionsConsumedConcurrently: Number(process.env.INBOUND_CONCURRENCY ?? 3) } }).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
