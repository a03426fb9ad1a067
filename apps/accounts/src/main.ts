import 'reflect-metadata';
import { bootstrapService } from '@contact-sync/platform';
import { AppModule } from './app.module';
import { ACCOUNTS_API } from './openapi/accounts-api';

bootstrapService(AppModule, { consumer: {}, openApi: ACCOUNTS_API }).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
