import 'reflect-metadata';
import { bootstrapService } from '@contact-sync/platform';
import { AppModule } from './app.module';

bootstrapService(AppModule, { consumer: {} }).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
