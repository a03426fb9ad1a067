import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccessTokenClient, PlatformModule, PROVIDER_BUDGET_WINDOW, ProviderBudget, WindowCounterSchema } from '@contact-sync/platform';
import { writebackEnvSchema } from './config/writeback-env.schema';
import { contactWritersProvider } from './providers/contact-writers.provider';
import { WritebackState, WritebackStateSchema } from './state/writeback-state.schema';
import { WritebackStateRepository } from './state/writeback-state.repository';
import { CrmChangeConsumer } from './writeback/crm-change.consumer';
import { WritebackService } from './writeback/writeback.service';
import { AccountLease, AccountLeaseSchema } from './lease/account-lease.schema';
import { AccountLeaseRepository } from './lease/account-lease.repository';

/** Two-way write-back: CRM person changes → provider creates, updates and deletes → results to contacts. */
@Module({
  imports: [
    PlatformModule.forService({ name: 'writeback', envSchema: writebackEnvSchema }),
    MongooseModule.forFeature([
      { name: WritebackState.name, schema: WritebackStateSchema },
      { name: AccountLease.name, schema: AccountLeaseSchema },
      { name: PROVIDER_BUDGET_WINDOW, schema: WindowCounterSchema, collection: 'provider_budget_windows' },
    ]),
  ],
  controllers: [CrmChangeConsumer],
  providers: [WritebackStateRepository, AccountLeaseRepository, WritebackService, AccessTokenClient, contactWritersProvider, ProviderBudget],
})
export class AppModule {}
