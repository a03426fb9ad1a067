import 'reflect-metadata';
import { bootstrapService } from '@contact-sync/platform';
import { AppModule } from './app.module';
import { CONTACTS_API } from './openapi/contacts-api';

// Partitions are applied in parallel; per-contact order holds because each key stays on one partition.
bootstrapService(AppModule, { consumer: { partitionsConsumedConcurrently: Number(process.env.INBOUND_CONCURRENCY ?? 3) }, openApi: CONTACTS_API }).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
