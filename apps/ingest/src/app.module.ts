import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccessTokenClient, PlatformModule, PROVIDER_BUDGET_WINDOW, ProviderBudget, WindowCounterSchema } from '@contact-sync/platform';
import { ingestEnvSchema } from './config/ingest-env.schema';
import { SyncState, SyncStateSchema } from './state/sync-state.schema';
import { SyncStateRepository } from './state/sync-state.repository';
import { QuarantinedRecord, QuarantinedRecordSchema } from './quarantine/quarantined-record.schema';
import { QuarantineRepository } from './quarantine/quarantine.repository';
import { ProviderShadow, ProviderShadowSchema } from './shadow/provider-shadow.schema';
import { ShadowRepository } from './shadow/shadow.repository';
import { LifecycleConsumer } from './lifecycle/lifecycle.consumer';
import { SyncRunner } from './sync/sync-runner';
import { SyncScheduler } from './sync/sync-scheduler';
import { PhotoStoreClient } from './photos/photo-store.client';
import { PagePublisher } from './sync/page-publisher';
import { SyncPass } from './sync/sync-pass';
import { HeldDeletionsService } from './sync/held-deletions.service';
import { contactDriversProvider } from './providers/contact-drivers.provider';
import { SyncRunMetrics } from './metrics/sync-run-metrics';
import { SyncBacklogQuery } from './metrics/sync-backlog.query';
import { SyncBacklogMetrics } from './metrics/sync-backlog-metrics';

@Module({
  imports: [
    PlatformModule.forService({ name: 'ingest', envSchema: ingestEnvSchema }),
    MongooseModule.forFeature([
      { name: SyncState.name, schema: SyncStateSchema },
      { name: ProviderShadow.name, schema: ProviderShadowSchema },
      { name: QuarantinedRecord.name, schema: QuarantinedRecordSchema },
      { name: PROVIDER_BUDGET_WINDOW, schema: WindowCounterSchema, collection: 'provider_budget_windows' },
    ]),
  ],
  controllers: [LifecycleConsumer],
  providers: [
    SyncStateRepository,
    ShadowRepository,
    QuarantineRepository,
    PhotoStoreClient,
    PagePublisher,
    SyncPass,
    SyncRunner,
    HeldDeletionsService,
    SyncScheduler,
    AccessTokenClient,
    contactDriversProvider,
    SyncRunMetrics,
    SyncBacklogQuery,
    SyncBacklogMetrics,
    ProviderBudget,
  ],
})
export class AppModule {}
