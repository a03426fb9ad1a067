import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@contact-sync/events';
import { AccountRepository } from '../accounts/account.repository';

/** Folds sync-run summaries into the account's stored dashboard (the provider side of the projection). */
@Injectable()
export class DashboardService {
  constructor(private readonly accounts: AccountRepository) {}

  async apply(event: EventEnvelope<'sync-run.completed'>): Promise<void> {
    const run = event.payload;
    const listed = run.status !== 'failed';
    // Stale-summary guard in the filter itself: an older (or redelivered) run, or any summary
    // arriving after a disconnect, changes nothing.
    await this.accounts.updateByIdInternal(
      event.accountId,
      {
        $set: {
          'dashboard.lastSyncRunId': run.syncRunId,
          'dashboard.lastRunSequence': run.runSequence,
          'dashboard.lastSyncAt': new Date(run.finishedAt),
          'dashboard.lastRunKind': run.kind,
          'dashboard.lastRunStatus': run.status,
          'dashboard.lastError': run.error,
          'dashboard.lastRun': {
            syncRunId: run.syncRunId,
            runSequence: run.runSequence,
            configVersion: run.configVersion,
            kind: run.kind,
            status: run.status,
            startedAt: run.startedAt,
            finishedAt: run.finishedAt,
            stats: run.stats,
            error: run.error,
          },
          // A failed run may have listed only part of the book: keep the last complete figures.
          ...(listed
            ? {
                'dashboard.providerTotal': run.stats.inSync,
                'dashboard.contactsInSync': run.stats.inSync,
                'dashboard.recentUpserts': run.stats.upserted,
                'dashboard.recentDeletions': run.stats.deleted,
                'dashboard.quarantine': { count: run.stats.quarantined, samples: run.quarantine },
                'dashboard.heldDeletions':
                  run.status === 'awaiting_confirmation' ? { count: run.stats.heldDeletions, runId: run.syncRunId, decision: null } : null,
              }
            : {}),
          ...(run.error?.code === 'reconnect_needed' ? { status: 'reconnect_needed' } : {}),
        },
      },
      {
        status: { $ne: 'disconnected' },
        $or: [{ 'dashboard.lastRunSequence': null }, { 'dashboard.lastRunSequence': { $lt: run.runSequence } }],
      },
    );
  }
}
