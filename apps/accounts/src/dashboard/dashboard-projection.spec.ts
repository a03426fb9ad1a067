import type { SyncCrmStatus } from '@contact-sync/events';
import type { StoredRunSummary, SyncDashboard } from '../accounts/account.schema';
import { projectDashboard, type ProjectionInput } from './dashboard-projection';

const run = (over: Partial<StoredRunSummary> = {}): StoredRunSummary => ({
  syncRunId: 'run-7', runSequence: 7, configVersion: 2, kind: 'full', status: 'succeeded',
  startedAt: '2026-12-02T10:00:00.000Z', finishedAt: '2026-12-02T10:01:00.000Z',
  stats: { fetched: 100, emitted: 100, upserted: 100, deleted: 0, unchanged: 0, inSync: 100, quarantined: 0, heldDeletions: 0 },
  error: null, ...over,
});
const stored = (over: Partial<SyncDashboard> = {}): SyncDashboard =>
  ({ lastSyncAt: new Date('2026-12-02T10:01:00Z'), lastRun: run(), providerTotal: 100, quarantine: { count: 0, samples: [] }, heldDeletions: null, ...over }) as SyncDashboard;
const crm = (over: Partial<SyncCrmStatus> = {}): SyncCrmStatus => ({
  accountId: 'a1', appliedConfigVersion: 2, linkedPersons: 100, deadLettered: { count: 0, samples: [] },
  activity: { lastRun: { syncRunId: 'run-7', processed: 100, added: 100, updated: 0, deleted: 0 }, last24h: { added: 130, updated: 4, deleted: 1 }, last7d: { added: 130, updated: 9, deleted: 3 } },
  ...over,
});
const input = (over: Partial<ProjectionInput> = {}): ProjectionInput => ({ status: 'connected', syncStatus: 'active', configVersion: 2, stored: stored(), crm: crm(), ...over });

describe('projectDashboard', () => {
  it('says synced only when contacts processed the run and the totals reconcile', () => {
    const view = projectDashboard(input());
    expect(view.state).toBe('synced');
    expect(view.totals).toEqual({ provider: 100, crm: 100, difference: { quarantined: 0, deadLettered: 0, ownershipMoved: 0, deletedInCrm: 0, awaitingDeletionConfirmation: 0, writtenNotYetListed: 0, unexplained: 0 } });
    expect(view.activity?.last24h).toEqual({ added: 130, updated: 4, deleted: 1 });
    expect(view.needsAttention).toBeNull();
  });

  it('is syncing, not synced, while a requested run has not reported (a crashed run cannot hide)', () => {
    const requested = stored({ runRequestedAt: new Date('2026-12-02T10:05:00Z') });
    expect(projectDashboard(input({ stored: requested })).state).toBe('syncing');
    const after = stored({ runRequestedAt: new Date('2026-12-02T09:59:00Z') });
    expect(projectDashboard(input({ stored: after })).state).toBe('synced');
  });

  it('lists persons that arrived without their photo, synced all the same', () => {
    const photosNotSynced = { count: 1, samples: [{ externalId: 'people/c9', personId: 'p9', name: 'Ada Lovelace', reason: 'larger than 1048576 bytes' }] };
    const view = projectDashboard(input({ crm: crm({ photosNotSynced }) }));
    expect(view.state).toBe('synced');
    expect(view.photosNotSynced).toEqual(photosNotSynced);
    expect(view.needsAttention).toMatchObject({ code: 'photos_not_synced', message: '1 contacts arrived without their photo: Ada Lovelace: larger than 1048576 bytes' });
    // A contacts service from before the field: none reported, nothing invented.
    expect(projectDashboard(input()).photosNotSynced).toEqual({ count: 0, samples: [] });
    expect(projectDashboard(input({ crm: null })).photosNotSynced).toBeNull();
  });

  it('asks to choose another group when the synced one vanished', () => {
    const gone = stored({ lastRun: run({ status: 'failed', error: { code: 'group_not_found', message: 'the synced group/folder no longer exists' } }) });
    expect(projectDashboard(input({ stored: gone })).needsAttention).toMatchObject({ code: 'group_not_found', action: expect.stringMatching(/choose another group/) });
  });

  it('is applying while contacts has processed fewer events than ingest emitted', () => {
    const c = crm({ linkedPersons: 60 });
    c.activity.lastRun.processed = 60;
    expect(projectDashboard(input({ crm: c })).state).toBe('applying');
  });

  it('is applying while contacts reports an older run, an older configuration or an unexplained gap', () => {
    const older = crm();
    older.activity.lastRun.syncRunId = 'run-6';
    expect(projectDashboard(input({ crm: older })).state).toBe('applying');
    expect(projectDashboard(input({ crm: crm({ appliedConfigVersion: 1 }) })).state).toBe('applying');
    expect(projectDashboard(input({ crm: crm({ linkedPersons: 97 }) })).state).toBe('applying');
  });

  it("a run that changed nothing shows zeros for the last run, not the previous run's counts", () => {
    const quiet = stored({ lastRun: run({ syncRunId: 'run-8', kind: 'incremental', stats: { fetched: 0, emitted: 0, upserted: 0, deleted: 0, unchanged: 0, inSync: 100, quarantined: 0, heldDeletions: 0 } }) });
    const view = projectDashboard(input({ stored: quiet }));
    expect(view.state).toBe('synced');
    expect(view.activity?.lastRun).toEqual({ syncRunId: 'run-8', processed: 0, added: 0, updated: 0, deleted: 0 });
    expect(view.activity?.last24h).toEqual({ added: 130, updated: 4, deleted: 1 });
  });

  it('shows CRM changes the provider refused, with what to do', () => {
    const writeback = { failed: { count: 1, samples: [{ personId: 'p1', name: 'Ada Lovelace', code: 'provider_refused', message: 'Invalid birthday', permanent: true }] }, notSyncedToProvider: 2, ownershipMoved: 0 };
    const view = projectDashboard(input({ crm: crm({ writeback }) }));
    expect(view.writeback).toEqual(writeback);
    expect(view.needsAttention).toMatchObject({ code: 'changes_not_written', message: '1 CRM changes could not be written to the provider: Ada Lovelace: Invalid birthday' });
    expect(projectDashboard(input()).writeback).toEqual({ failed: { count: 0, samples: [] }, notSyncedToProvider: 0, ownershipMoved: 0 });
  });

  it('explains contacts whose person moved to another owner', () => {
    const writeback = { failed: { count: 0, samples: [] }, notSyncedToProvider: 0, ownershipMoved: 2 };
    const view = projectDashboard(input({ crm: crm({ linkedPersons: 98, writeback }) }));
    expect(view.state).toBe('synced');
    expect(view.totals.difference).toMatchObject({ ownershipMoved: 2, unexplained: 0 });
  });

  it('explains persons deleted in the CRM whose contacts the last pass still listed', () => {
    const view = projectDashboard(input({ crm: crm({ linkedPersons: 97, deletedInCrm: 3 }) }));
    expect(view.state).toBe('synced');
    expect(view.totals.difference).toMatchObject({ deletedInCrm: 3, unexplained: 0 });
    // A deletion nothing accounts for keeps the dashboard from saying "synced".
    expect(projectDashboard(input({ crm: crm({ linkedPersons: 97, deletedInCrm: 2 }) })).state).toBe('applying');
  });

  it('explains the gap with quarantined and dead-lettered contacts and says what to do', () => {
    const view = projectDashboard(input({
      stored: stored({ quarantine: { count: 3, samples: [{ externalId: 'p1', label: 'Ann', reason: 'no etag' }] } }),
      crm: crm({ linkedPersons: 95, deadLettered: { count: 2, samples: [{ eventId: 'e1', externalId: 'p9', reason: 'validation failed', failedAt: '2026-12-02T10:00:30.000Z' }] } }),
    }));
    expect(view.state).toBe('synced');
    expect(view.totals.difference).toEqual({ quarantined: 3, deadLettered: 2, ownershipMoved: 0, deletedInCrm: 0, awaitingDeletionConfirmation: 0, writtenNotYetListed: 0, unexplained: 0 });
    expect(view.needsAttention).toMatchObject({ code: 'contacts_quarantined', message: '3 contacts could not be stored: Ann: no etag' });
    expect(view.quarantine).toEqual([{ externalId: 'p1', label: 'Ann', reason: 'no etag' }]);
    expect(view.deadLetters?.samples.map((d) => d.externalId)).toEqual(['p9']);
  });

  it('asks to confirm held deletions, counted as persons still in the CRM', () => {
    const view = projectDashboard(input({
      stored: stored({ lastRun: run({ status: 'awaiting_confirmation', stats: { ...run().stats, inSync: 0, heldDeletions: 412 } }), providerTotal: 0, heldDeletions: { count: 412, runId: 'run-7', decision: null } }),
      crm: crm({ linkedPersons: 412 }),
    }));
    expect(view.state).toBe('awaiting_confirmation');
    expect(view.totals.difference).toEqual({ quarantined: 0, deadLettered: 0, ownershipMoved: 0, deletedInCrm: 0, awaitingDeletionConfirmation: 412, writtenNotYetListed: 0, unexplained: 0 });
    expect(view.needsAttention?.action).toMatch(/^confirm 412 deletions/);
  });

  it('says the CRM is unavailable instead of showing stale numbers', () => {
    const view = projectDashboard(input({ crm: null }));
    expect(view).toMatchObject({ state: 'unknown', crm: 'unavailable', totals: { provider: 100, crm: null, difference: null }, activity: null });
    expect(view.needsAttention).toMatchObject({ code: 'crm_unavailable', action: 'retry later' });
  });

  it('asks to reconnect when the grant is gone', () => {
    const view = projectDashboard(input({ status: 'reconnect_needed', stored: stored({ lastRun: run({ status: 'failed', error: { code: 'reconnect_needed', message: 'x' } }) }) }));
    expect(view.state).toBe('failed');
    expect(view.needsAttention).toMatchObject({ code: 'reconnect_needed', action: 'reconnect the account' });
  });

  it('stops asking to reconnect once the account was reconnected after the failed run', () => {
    const failed = stored({ lastRun: run({ status: 'failed', error: { code: 'reconnect_needed', message: 'x' } }) });
    const view = projectDashboard(input({ connectedAt: new Date('2026-12-02T11:00:00Z'), stored: failed }));
    expect(view.needsAttention).toBeNull();
  });
});
