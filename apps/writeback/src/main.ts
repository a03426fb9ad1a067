import 'reflect-metadata';
import { bootstrapService } from '@contact-sync/platform';
import { AppModule } from './app.module';

// Read before the config is validated (the consumers are built first); the schema checks the same variables.
bootstrapService(AppModule, {
  consumer: { partitionsConsumedConcurrently: Number(process.env.WRITEBACK_CONCURRENCY ?? 6), consumers: Number(process.env.WRITEBACK_CONSUMERS ?? 3) },
}).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
