import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@contact-sync/events';
import { AccountRepository } from '../accounts/account.repository';

/** Folds sync-run summaries into the account's dashboard read model. */
@Injectable()
export class DashboardService {
  constructor(private readonly accounts: AccountRepository) {}

  async apply(event: EventEnvelope<'sync-run.completed'>): Promise<void> {
    const run = event.payload;
    const account = await this.accounts.findByIdInternal(event.accountId);
    // Redelivered summaries of the same run change nothing.
    if (!account || account.dashboard?.lastSyncRunId === run.syncRunId) return;
    await this.accounts.updateByIdInternal(account.id, {
      $set: {
        'dashboard.lastSyncRunId': run.syncRunId,
        'dashboard.lastSyncAt': new Date(run.finishedAt),
        'dashboard.lastRunKind': run.kind,
        'dashboard.lastRunStatus': run.status,
        'dashboard.lastError': run.error,
        ...(run.status === 'succeeded'
          ? {
              'dashboard.contactsInSync': run.stats.inSync,
              'dashboard.recentUpserts': run.stats.upserted,
              'dashboard.recentDeletions': run.stats.deleted,
            }
          : {}),
        ...(run.error?.code === 'reconnect_needed' ? { status: 'reconnect_needed' } : {}),
      },
    });
  }
}
