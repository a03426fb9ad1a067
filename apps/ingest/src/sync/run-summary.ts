import { createEvent, type AnyEvent, type EventPayload } from '@contact-sync/events';
import type { SyncStateDocument } from '../state/sync-state.schema';
import type { RunError } from './failure-mapper';

export type RunSummary = EventPayload<'sync-run.completed'>;
export type RunStats = RunSummary['stats'];
export type PassKind = RunSummary['kind'];

export function emptyStats(): RunStats {
  return { fetched: 0, emitted: 0, upserted: 0, deleted: 0, unchanged: 0, inSync: 0, quarantined: 0, heldDeletions: 0 };
}

/** The v2 run summary accounts builds the dashboard from (runSequence orders summaries of one sync). */
export function summaryEvent(
  state: SyncStateDocument,
  run: { syncRunId: string; kind: PassKind; startedAt: string },
  outcome: { status: RunSummary['status']; stats: RunStats; quarantine: RunSummary['quarantine']; error: RunError | null },
): AnyEvent {
  return createEvent('sync-run.completed', { companyId: state.companyId, accountId: state._id }, {
    syncRunId: run.syncRunId,
    runSequence: state.runSeq,
    configVersion: state.configVersion,
    kind: run.kind,
    startedAt: run.startedAt,
    finishedAt: new Date().toISOString(),
    ...outcome,
  });
}
