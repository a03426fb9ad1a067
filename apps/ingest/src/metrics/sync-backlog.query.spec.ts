import { openTestDb, type TestDb } from '../testing/test-db';
import { syncConfig } from '../testing/sync-fakes';
import { SyncBacklogQuery } from './sync-backlog.query';

describe('SyncBacklogQuery (real database)', () => {
  let db: TestDb;
  beforeAll(async () => (db = await openTestDb()));
  afterAll(() => db.close());

  it('counts syncs due before the grace and unclaimed (lapsed leases too), the oldest wait, and reconnects', async () => {
    const now = new Date('2026-12-08T01:00:00Z');
    const ago = (s: number) => new Date(now.getTime() - s * 1000);
    const base = { companyId: 'co', config: syncConfig(), stageChangedAt: ago(600) };
    await db.stateModel.insertMany([
      { ...base, _id: 'pending-late', stage: 'pending', nextRunAt: ago(90) },
      { ...base, _id: 'idle-late', stage: 'idle', nextRunAt: ago(30) },
      { ...base, _id: 'pending-just-due', stage: 'pending', nextRunAt: ago(1) },
      { ...base, _id: 'idle-later', stage: 'idle', nextRunAt: new Date(now.getTime() + 60_000) },
      { ...base, _id: 'running-leased', stage: 'running', nextRunAt: ago(300), leaseOwner: 'r1', leaseExpiresAt: new Date(now.getTime() + 60_000) },
      { ...base, _id: 'running-lapsed', stage: 'running', nextRunAt: ago(120), leaseOwner: 'r1', leaseExpiresAt: ago(5) },
      { ...base, _id: 'reconnect-1', stage: 'reconnect_needed', nextRunAt: ago(900) },
      { ...base, _id: 'reconnect-2', stage: 'reconnect_needed', nextRunAt: ago(900) },
      { ...base, _id: 'paused', stage: 'paused', nextRunAt: ago(900) },
    ]);
    const backlog = await new SyncBacklogQuery(db.stateModel).read(now, ago(2));
    expect(backlog).toEqual({ dueUnclaimed: 3, oldestDueSeconds: 120, reconnectNeeded: 2 });
  });
});
