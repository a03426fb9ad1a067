import type { SyncConfig } from '@contact-sync/events';
import { openTestDb, type TestDb } from '../testing/test-db';
import { CRASHES_BEFORE_BACKOFF, leaseOf } from './sync-state.repository';

const config = (groupId: string | null = null): SyncConfig =>
  ({ provider: 'google', ownerUserId: 'u1', visibility: 'entire_company', groupId, direction: 'one_way' }) as unknown as SyncConfig;
const LEASE_MS = 60_000;

describe('SyncStateRepository (real database)', () => {
  let db: TestDb;
  beforeAll(async () => (db = await openTestDb()));
  afterAll(() => db.close());

  let n = 0;
  const newAccount = async (version = 1, groupId: string | null = null) => {
    const id = `acc-${++n}`;
    await db.states.configure(id, 'co1', config(groupId), version);
    return id;
  };
  const claim = async (owner = 'r1') => {
    const s = await db.states.claimNext(owner, LEASE_MS);
    if (!s) throw new Error('nothing claimed');
    return s;
  };
  // Claims are global to the database: empty it between tests that claim.
  beforeEach(() => db.stateModel.deleteMany({}));

  it('configure makes a full pass due and ignores an older configuration version', async () => {
    const id = await newAccount(3);
    expect(await db.states.configure(id, 'co1', { ...config(), visibility: 'owner_only' } as SyncConfig, 2)).toBe(false);
    const s = await db.states.get(id);
    expect(s).toMatchObject({ stage: 'pending', requestedKind: 'full', configVersion: 3 });
    expect(s?.config.visibility).toBe('entire_company');
    // A redelivered configuration does not fence or restart a running pass.
    const lease = leaseOf(await claim(), 'r1');
    expect(await db.states.configure(id, 'co1', config(), 3)).toBe(false);
    expect(await db.states.renewLease(lease, LEASE_MS)).toBe(true);
  });

  it('a group change drops the cursor and marks the scope change; a visibility change keeps the cursor', async () => {
    const id = await newAccount(1, 'g1');
    await db.stateModel.updateOne({ _id: id }, { $set: { cursor: 'c1' } });
    await db.states.configure(id, 'co1', { ...config('g1'), visibility: 'owner_only' } as SyncConfig, 2);
    expect(await db.states.get(id)).toMatchObject({ cursor: 'c1', scopeChanged: false });
    await db.states.configure(id, 'co1', config('g2'), 3);
    expect(await db.states.get(id)).toMatchObject({ cursor: null, scopeChanged: true });
  });

  it('each claim bumps runSeq, and sequences are strictly increasing across runs', async () => {
    const id = await newAccount();
    const first = await claim();
    expect(first.runSeq).toBe(1);
    const lease1 = leaseOf(first, 'r1');
    expect(await db.states.reserveSequences(lease1, 5)).toBe(1);
    expect(await db.states.reserveSequences(lease1, 3)).toBe(6);
    await db.states.succeed(first, lease1, true, 0);
    const second = await claim('r2');
    expect(second.runSeq).toBe(2);
    expect(await db.states.reserveSequences(leaseOf(second, 'r2'), 1)).toBe(9);
    expect(second._id).toBe(id);
  });

  it.each(['configure', 'pause', 'disconnect'] as const)('%s fences the running pass: renew, sequences and cursor are refused', async (transition) => {
    const id = await newAccount();
    const lease = leaseOf(await claim(), 'r1');
    if (transition === 'configure') await db.states.configure(id, 'co1', config(), 2);
    if (transition === 'pause') await db.states.pause(id);
    if (transition === 'disconnect') await db.states.disconnect(id);
    expect(await db.states.renewLease(lease, LEASE_MS)).toBe(false);
    expect(await db.states.reserveSequences(lease, 1)).toBeNull();
    expect(await db.states.saveCursor(lease, 'late')).toBe(false);
    const s = await db.states.get(id);
    expect(s?.cursor).toBeNull();
    expect(s?.stage).toBe(transition === 'configure' ? 'pending' : transition === 'pause' ? 'paused' : 'disconnected');
  });

  it('the same replica re-claiming after a fence gets a new token: the old run stays fenced', async () => {
    const id = await newAccount();
    const old = leaseOf(await claim(), 'r1');
    await db.states.configure(id, 'co1', config(), 2);
    const again = leaseOf(await claim('r1'), 'r1');
    expect(await db.states.renewLease(old, LEASE_MS)).toBe(false);
    expect(await db.states.renewLease(again, LEASE_MS)).toBe(true);
  });

  it('a lapsed lease is claimed again as a failure, and a crash loop backs off', async () => {
    const id = await newAccount();
    for (let crash = 1; crash <= CRASHES_BEFORE_BACKOFF; crash++) {
      await claim();
      await db.stateModel.updateOne({ _id: id }, { $set: { leaseExpiresAt: new Date(Date.now() - 1000) } });
      const recovered = await claim('r2');
      expect(recovered.failureCount).toBe(crash);
      expect(recovered.lastError).toEqual({ code: 'internal', message: 'the previous run did not finish' });
      // Hand it back as if the recovering run crashed too, with the lease lapsed.
      await db.stateModel.updateOne({ _id: id }, { $set: { stage: 'pending', leaseOwner: null } });
    }
    await claim();
    await db.stateModel.updateOne({ _id: id }, { $set: { leaseExpiresAt: new Date(Date.now() - 1000) } });
    expect(await db.states.claimNext('r2', LEASE_MS)).toBeNull();
    const s = await db.states.get(id);
    expect(s).toMatchObject({ stage: 'pending', failureCount: CRASHES_BEFORE_BACKOFF + 1, leaseOwner: null });
    expect(s!.nextRunAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('a full refresh requested during an incremental run survives that run', async () => {
    const id = await newAccount();
    const first = await claim();
    await db.states.succeed(first, leaseOf(first, 'r1'), true, 0);
    expect((await db.states.get(id))?.requestedKind).toBeNull();
    const incremental = await claim();
    await db.states.requestRun(id, 'full');
    await db.states.succeed(incremental, leaseOf(incremental, 'r1'), false, 60_000);
    expect(await db.states.get(id)).toMatchObject({ requestedKind: 'full', stage: 'pending' });
  });

  it('a full run overtaken by a newer full request keeps the request', async () => {
    const id = await newAccount();
    const run = await claim();
    await db.states.requestRun(id, 'full');
    await db.states.succeed(run, leaseOf(run, 'r1'), true, 60_000);
    expect(await db.states.get(id)).toMatchObject({ requestedKind: 'full', stage: 'pending' });
  });

  it('a user request (refresh, reconnect) starts the failure backoff over and makes the sync due now', async () => {
    const id = await newAccount();
    const run = await claim();
    await db.states.retryLater(run, leaseOf(run, 'r1'), () => 15 * 60_000, { code: 'provider_unavailable', message: '503' });
    expect((await db.states.get(id))?.failureCount).toBe(1);
    await db.states.requestRun(id, 'incremental');
    const s = await db.states.get(id);
    expect(s).toMatchObject({ stage: 'pending', failureCount: 0 });
    expect(s!.nextRunAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('a failure of a run during which the user asked again starts a new backoff series', async () => {
    const id = await newAccount();
    const first = await claim();
    await db.states.retryLater(first, leaseOf(first, 'r1'), () => 0, { code: 'rate_limited', message: '429' });
    const second = await claim();
    await db.states.retryLater(second, leaseOf(second, 'r1'), () => 0, { code: 'rate_limited', message: '429' });
    const third = await claim();
    expect(third.failureCount).toBe(2);
    await db.states.requestRun(id, 'full'); // arrives while the third run is under way
    const delay = (failuresBefore: number) => (failuresBefore === 0 ? 60_000 : 3_600_000);
    await db.states.retryLater(third, leaseOf(third, 'r1'), delay, { code: 'provider_unavailable', message: '500' });
    const s = await db.states.get(id);
    expect(s).toMatchObject({ stage: 'pending', failureCount: 1 });
    // The first wait of a new series, not the third of the old one.
    expect(s!.nextRunAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(s!.nextRunAt.getTime()).toBeLessThan(Date.now() + 120_000);
  });

  it('retryLater counts failures and keeps the requested kind; handBack counts none', async () => {
    const id = await newAccount();
    const run = await claim();
    await db.states.retryLater(run, leaseOf(run, 'r1'), () => 0, { code: 'internal', message: 'x' });
    expect(await db.states.get(id)).toMatchObject({ stage: 'pending', failureCount: 1, requestedKind: 'full' });
    const again = await claim();
    await db.states.handBack(again, leaseOf(again, 'r1'));
    expect(await db.states.get(id)).toMatchObject({ stage: 'pending', failureCount: 1 });
  });

  it('held deletions: only the matching run id resolves them, and the sync becomes due', async () => {
    const id = await newAccount();
    const run = await claim();
    const held = { runId: 'run-1', items: [{ externalId: 'p/1', reason: 'deleted' as const }] };
    await db.states.holdDeletions(run, leaseOf(run, 'r1'), true, held, { code: 'deletions_need_confirmation', message: 'confirm 1 deletions' });
    expect(await db.states.claimNext('r1', LEASE_MS)).toBeNull();
    expect(await db.states.findHeld(id, 'stale')).toBeNull();
    expect(await db.states.resolveHeld(id, 'stale')).toBe(false);
    expect((await db.states.findHeld(id, 'run-1'))?.held.items).toEqual(held.items);
    expect(await db.states.resolveHeld(id, 'run-1')).toBe(true);
    expect(await db.states.get(id)).toMatchObject({ stage: 'idle', heldDeletions: null, lastError: null, requestedKind: null });
    expect((await claim())._id).toBe(id);
  });

  it('a refresh while deletions are held drops the held list and runs again', async () => {
    const id = await newAccount();
    const run = await claim();
    await db.states.holdDeletions(run, leaseOf(run, 'r1'), true, { runId: 'run-1', items: [] }, { code: 'deletions_need_confirmation', message: 'confirm 0 deletions' });
    expect(await db.states.requestRun(id, 'full')).toBe(true);
    expect(await db.states.get(id)).toMatchObject({ stage: 'pending', heldDeletions: null });
    expect(await db.states.resolveHeld(id, 'run-1')).toBe(false);
  });

  it('requestRun and reconnect move a waiting sync to pending; paused syncs ignore them', async () => {
    const id = await newAccount();
    const run = await claim();
    await db.states.needReconnect(run, leaseOf(run, 'r1'), { code: 'reconnect_needed', message: 'x' });
    expect(await db.states.requestRun(id, 'incremental')).toBe(true);
    expect((await db.states.get(id))?.stage).toBe('pending');
    await db.states.pause(id);
    expect(await db.states.requestRun(id, 'incremental')).toBe(false);
    expect((await db.states.get(id))?.stage).toBe('paused');
  });
});
