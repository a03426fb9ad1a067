import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PlatformModule, WindowCounterSchema } from '@contact-sync/platform';
import { accountsEnvSchema } from './config/accounts-env.schema';
import { Account, AccountSchema } from './accounts/account.schema';
import { AccountRepository } from './accounts/account.repository';
import { OAuthAttempt, OAuthAttemptSchema } from './oauth/oauth-attempt.schema';
import { ConnectionService } from './oauth/connection.service';
import { OAuthStateSigner } from './oauth/oauth-state';
import { TokenCipher } from './crypto/token-cipher';
import { ProvidersModule } from './providers/providers.module';
import { SyncService } from './sync/sync.service';
import { AccessTokenService } from './internal/access-token.service';
import { ACCOUNTS_API } from './openapi/accounts-api';
import { DashboardService } from './dashboard/dashboard.service';
import { SyncSummaryConsumer } from './dashboard/sync-summary.consumer';
import { DirectoryClient } from './directory/directory.client';
import { SyncPolicy } from './directory/sync-policy';
import { CrmStatusClient } from './dashboard/crm-status.client';
import { OutboxPublisher } from './outbox/outbox.publisher';
import { OutboxSweeper } from './outbox/outbox.sweeper';
import { ExpirySweeper } from './expiry/expiry.sweeper';
import { USER_LIMIT_WINDOW, UserRateLimiter } from './limits/user-rate-limiter';
import { RateLimitGuard } from './limits/rate-limit.guard';

@Module({
  imports: [
    // Ready without Kafka: its API works without the broker: its events wait in its outbox (docs/operations.md).
    PlatformModule.forService({ name: 'accounts', envSchema: accountsEnvSchema, actorAuth: true, readiness: { kafka: false } }),
    MongooseModule.forFeature([
      { name: Account.name, schema: AccountSchema },
      { name: OAuthAttempt.name, schema: OAuthAttemptSchema },
      { name: USER_LIMIT_WINDOW, schema: WindowCounterSchema, collection: 'user_limit_windows' },
    ]),
    ProvidersModule,
  ],
  controllers: [...ACCOUNTS_API.controllers, SyncSummaryConsumer],
  providers: [AccountRepository, ConnectionService, OAuthStateSigner, TokenCipher, SyncService, AccessTokenService, DashboardService, DirectoryClient, SyncPolicy,
    CrmStatusClient, OutboxPublisher, OutboxSweeper, ExpirySweeper, UserRateLimiter, RateLimitGuard],
})
export class AppModule {}
