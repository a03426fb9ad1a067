import type { SyncCrmStatus } from '@contact-sync/events';
import type { AccountStatus, StoredRunSummary, SyncDashboard, SyncStatus } from '../accounts/account.schema';

export type DashboardState = 'not_started' | 'paused' | 'waiting_for_first_run' | 'awaiting_confirmation' | 'syncing' | 'applying' | 'failed' | 'synced' | 'unknown';

export interface NeedsAttention {
  code: string;
  message: string;
  action: string;
}

export interface ProjectionInput {
  status: AccountStatus;
  /** A reconnect after the last run answers that run's auth error. */
  connectedAt?: Date | null;
  syncStatus: SyncStatus;
  configVersion: number;
  stored: SyncDashboard | null | undefined;
  /** null: contacts could not be asked. */
  crm: SyncCrmStatus | null;
}

const list = (reasons: string[]): string => [...new Set(reasons)].slice(0, 3).join('; ');

/**
 * The dashboard of one sync: ingest's last summary (provider side, stored on the account) joined
 * with what contacts reports live (CRM side). Never says "synced" while contacts is still applying
 * the last run or the totals do not reconcile.
 */
export function projectDashboard(input: ProjectionInput) {
  const { stored, crm } = input;
  const run: StoredRunSummary | null = stored?.lastRun ?? null;
  const provider = stored?.providerTotal ?? null;
  const quarantined = stored?.quarantine?.count ?? 0;
  const held = stored?.heldDeletions && stored.heldDeletions.decision === null ? stored.heldDeletions.count : 0;
  const deadLettered = crm?.deadLettered.count ?? 0;

  const ownershipMoved = crm?.writeback?.ownershipMoved ?? 0;
  const awaitingEcho = crm?.writeback?.awaitingEcho ?? 0;
  const deletedInCrm = crm?.deletedInCrm ?? 0;
  // provider − crm = quarantined + dead-lettered + ownership moved + deleted in the CRM (contacts
  // still listed) − held deletions (persons still in the CRM) − written back, not yet listed by a
  // pass + unexplained.
  const difference =
    crm && provider !== null
      ? {
          quarantined,
          deadLettered,
          ownershipMoved,
          deletedInCrm,
          awaitingDeletionConfirmation: held,
          writtenNotYetListed: awaitingEcho,
          unexplained: provider - crm.linkedPersons - quarantined - deadLettered - ownershipMoved - deletedInCrm + held + awaitingEcho,
        }
      : null;
  const processed = crm && run && crm.activity.lastRun.syncRunId === run.syncRunId ? crm.activity.lastRun.processed : 0;
  const applying =
    crm !== null &&
    ((run !== null && processed < run.stats.emitted) || crm.appliedConfigVersion < input.configVersion || (difference !== null && difference.unexplained !== 0));

  // The user asked for a run (start, refresh, full resync) that has not reported yet: what the
  // dashboard holds predates it, so it cannot say "synced" (a crashed or delayed run would hide).
  const requestedAt = stored?.runRequestedAt ? stored.runRequestedAt.getTime() : null;
  const syncing = requestedAt !== null && (run === null || Date.parse(run.startedAt) < requestedAt);

  const state: DashboardState =
    input.syncStatus === 'paused'
      ? 'paused'
      : input.syncStatus !== 'active'
        ? 'not_started'
        : held > 0
          ? 'awaiting_confirmation'
          : crm === null
            ? 'unknown'
            : run === null
              ? 'waiting_for_first_run'
              : syncing
                ? 'syncing'
                : applying
                ? 'applying'
                : run.status === 'failed'
                  ? 'failed'
                  : 'synced';

  return {
    state,
    crm: crm ? ('available' as const) : ('unavailable' as const),
    lastSyncAt: stored?.lastSyncAt ?? null,
    lastRun: run
      ? { syncRunId: run.syncRunId, kind: run.kind, status: run.status, startedAt: run.startedAt, finishedAt: run.finishedAt, emitted: run.stats.emitted, processed, error: run.error }
      : null,
    totals: { provider, crm: crm?.linkedPersons ?? null, difference },
    /** Samples (at most 50) of the contacts counted in totals.difference.quarantined. */
    quarantine: stored?.quarantine?.samples ?? [],
    deadLetters: crm ? crm.deadLettered : null,
    /** Persons that arrived without their provider photo (too large, not an image), with why. */
    photosNotSynced: crm ? (crm.photosNotSynced ?? { count: 0, samples: [] }) : null,
    /** Two-way: CRM changes the provider refused or that could not be written yet, and persons with values kept in the CRM only. */
    writeback: crm ? (crm.writeback ?? { failed: { count: 0, samples: [] }, notSyncedToProvider: 0, ownershipMoved: 0 }) : null,
    heldDeletions: held,
    // Contacts counts per run it saw changes of: a run that emitted none (or none applied yet) did
    // nothing in the CRM, and must not show the previous run's counts as its own.
    activity: crm
      ? {
          ...crm.activity,
          lastRun: run && crm.activity.lastRun.syncRunId !== run.syncRunId ? { syncRunId: run.syncRunId, processed: 0, added: 0, updated: 0, deleted: 0 } : crm.activity.lastRun,
        }
      : null,
    needsAttention: needsAttention(input, run, { quarantined, deadLettered, held }),
  };
}
export type DashboardView = ReturnType<typeof projectDashboard>;

/** The one thing the user should do now, most urgent first. */
function needsAttention(input: ProjectionInput, run: StoredRunSummary | null, n: { quarantined: number; deadLettered: number; held: number }): NeedsAttention | null {
  const answeredByReconnect = Boolean(run && input.connectedAt && input.connectedAt.getTime() > Date.parse(run.finishedAt));
  const runCode = answeredByReconnect && (run?.error?.code === 'reconnect_needed' || run?.error?.code === 'permission_missing') ? undefined : run?.error?.code;
  const code = input.status === 'reconnect_needed' ? 'reconnect_needed' : runCode;
  if (code === 'reconnect_needed') {
    return { code, message: 'Access to the account was revoked or expired.', action: 'reconnect the account' };
  }
  if (code === 'permission_missing') {
    return { code, message: run?.error?.message ?? 'The provider refused a permission the sync needs.', action: 'reconnect the account and grant access to contacts' };
  }
  if (code === 'group_not_found') {
    return { code, message: run?.error?.message ?? 'The synced group no longer exists at the provider.', action: 'choose another group (PUT /accounts/:id/sync-config) and start the sync again' };
  }
  if (n.held > 0) {
    return {
      code: 'deletions_need_confirmation',
      message: `${n.held} contacts disappeared at the provider in one pass; nothing was deleted.`,
      action: `confirm ${n.held} deletions (POST /accounts/:id/sync/deletions/confirm) or reject them (POST /accounts/:id/sync/deletions/reject)`,
    };
  }
  if (input.crm === null && input.syncStatus === 'active') {
    return { code: 'crm_unavailable', message: 'What the CRM holds cannot be read right now.', action: 'retry later' };
  }
  const stored = input.stored?.quarantine?.samples ?? [];
  if (n.quarantined > 0) {
    return {
      code: 'contacts_quarantined',
      message: `${n.quarantined} contacts could not be stored: ${list(stored.map((q) => `${q.label}: ${q.reason}`))}`,
      action: 'fix these contacts at the provider; they sync at their next change',
    };
  }
  if (n.deadLettered > 0) {
    const samples = input.crm?.deadLettered.samples ?? [];
    return {
      code: 'changes_dead_lettered',
      message: `${n.deadLettered} changes could not be applied: ${list(samples.map((s) => s.reason))}`,
      action: 'retry later (an operator replays them once the cause is fixed)',
    };
  }
  if (code === 'rate_limited' || code === 'provider_unavailable' || code === 'internal') {
    return { code, message: run?.error?.message ?? 'The last sync failed.', action: 'retry later (the sync retries by itself)' };
  }
  const writeback = input.crm?.writeback?.failed;
  if (writeback && writeback.count > 0) {
    return {
      code: 'changes_not_written',
      message: `${writeback.count} CRM changes could not be written to the provider: ${list(writeback.samples.map((s) => `${s.name ?? s.personId}: ${s.message}`))}`,
      action: 'fix these persons in the CRM (what the provider refused is named); they are written at their next change',
    };
  }
  const photos = input.crm?.photosNotSynced;
  if (photos && photos.count > 0) {
    return {
      code: 'photos_not_synced',
      message: `${photos.count} contacts arrived without their photo: ${list(photos.samples.map((s) => `${s.name ?? s.externalId}: ${s.reason}`))}`,
      action: 'replace these photos at the provider with a JPEG, PNG, GIF or WebP image under 1 MiB; they sync at the next change',
    };
  }
  return null;
}
