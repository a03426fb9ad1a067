import { ProviderAccessTokenRejectedError, ProviderPermissionError, SyncGroupNotFoundError, ProviderUnavailableError } from '@contact-sync/provider-adapters';
import type { QuarantinedContact } from '@contact-sync/contact-model';
import { leaseOf } from '../state/sync-state.repository';
import { openTestDb, type TestDb } from '../testing/test-db';
import { AccountGoneError, Metrics, PROVIDER_BUDGET_WINDOW, ProviderBudget, WindowCounterSchema } from '@contact-sync/platform';
import { SyncRunMetrics } from '../metrics/sync-run-metrics';
import { contactChange, driversOf, FakePhotoStore, FakeTokens, RecordingPublisher, ScriptedDriver, syncConfig, testConfig, type ScriptedPull } from '../testing/sync-fakes';
import { HeldDeletionsService } from './held-deletions.service';
import { PagePublisher } from './page-publisher';
import { SyncPass } from './sync-pass';
import { SyncRunner } from './sync-runner';

const OWNER = 'replica-1';

describe('SyncRunner (real database, scripted provider)', () => {
  let db: TestDb;
  beforeAll(async () => (db = await openTestDb()));
  afterAll(() => db.close());
  beforeEach(() => Promise.all([db.stateModel.deleteMany({}), db.shadowModel.deleteMany({}), db.quarantine.deleteAccount('acc')]));

  /** The company's provider budget: requests per window (ample unless a test says otherwise). */
  function setup(leaseMs = 60_000, budget = { requests: 100_000, windowSeconds: 60 }) {
    const driver = new ScriptedDriver();
    const events = new RecordingPublisher();
    const tokens = new FakeTokens();
    const photos = new FakePhotoStore();
    const publisher = new PagePublisher(db.states, db.shadows, photos, events.asPublisher());
    const metrics = new Metrics();
    const budgetModel = db.connection.models[PROVIDER_BUDGET_WINDOW] ?? db.connection.model(PROVIDER_BUDGET_WINDOW, WindowCounterSchema, 'provider_budget_windows');
    const providerBudget = new ProviderBudget(budgetModel, testConfig({ PROVIDER_BUDGET_REQUESTS: budget.requests, PROVIDER_BUDGET_WINDOW_SECONDS: budget.windowSeconds }), metrics);
    const pass = new SyncPass(db.shadows, tokens.asClient(), publisher, driversOf(driver), db.quarantine, providerBudget);
    const runner = new SyncRunner(db.states, pass, publisher, events.asPublisher(), testConfig({ SYNC_LEASE_MS: leaseMs }), new SyncRunMetrics(metrics));
    const held = new HeldDeletionsService(db.states, db.shadows, events.asPublisher());
    /** Claims the sync and runs it with `script` as the provider's answer(s). */
    const runWith = async (...scripts: ScriptedPull[]) => {
      driver.scripts.push(...scripts);
      const state = await db.states.claimNext(OWNER, leaseMs);
      if (!state) throw new Error('nothing due');
      await runner.run(state, OWNER);
      return db.states.get('acc');
    };
    return { driver, events, tokens, photos, runWith, held, metrics, budgetModel };
  }
  const names = (n: number, prefix = 'p') => Array.from({ length: n }, (_, i) => contactChange(`${prefix}/${i}`, `${prefix}${i}`));
  const configure = (version = 1, groupId: string | null = null) => db.states.configure('acc', 'co1', syncConfig(groupId), version);
  const shadowIds = async () => (await db.shadowModel.find({ accountId: 'acc' }).lean()).map((s) => s.externalId).sort();
  const summary = (events: RecordingPublisher) => events.of('sync-run.completed').at(-1)!.payload;

  it('publishes v2 changes with strictly increasing sequences and the configuration version', async () => {
    const { events, runWith } = setup();
    await configure(7);
    await runWith({ pages: [{ changes: names(2) }, { changes: names(3, 'q') }] });
    const changes = events.of('provider-contact.upserted');
    expect(changes.map((e) => e.payload.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(changes.map((e) => e.payload.configVersion))).toEqual(new Set([7]));
    expect(summary(events)).toMatchObject({ runSequence: 1, configVersion: 7, status: 'succeeded', stats: { emitted: 5, upserted: 5, inSync: 5 } });
    // The next run continues the sequence.
    await db.states.requestRun('acc', 'incremental');
    await runWith({ pages: [{ changes: [contactChange('p/0', 'renamed')] }] });
    expect(events.of('provider-contact.upserted').at(-1)!.payload.sequence).toBe(6);
    expect(summary(events).runSequence).toBe(2);
  });

  it('a company over its provider budget waits for the next window: the pass finishes with every page, nothing fails', async () => {
    const { events, runWith, metrics, budgetModel, driver } = setup(60_000, { requests: 1, windowSeconds: 1 });
    await budgetModel.deleteMany({});
    await configure();
    await runWith({ pages: [{ changes: names(2) }, { changes: names(2, 'q') }, { changes: names(2, 'r') }] });
    expect(events.of('provider-contact.upserted')).toHaveLength(6);
    expect(summary(events)).toMatchObject({ status: 'succeeded', stats: { emitted: 6 } });
    expect(driver.tokensUsed).toHaveLength(3);
    // One request per window: later pages waited (two of them, unless a window ended between the first two), and the metric says so.
    const waited = Number(/provider="google"} (\d+)/.exec(await metrics.registry.getSingleMetricAsString('contact_sync_provider_budget_waits_total'))?.[1]);
    expect(waited).toBeGreaterThanOrEqual(1);
    expect(await db.states.get('acc')).toMatchObject({ stage: 'idle', failureCount: 0, lastError: null });
  });

  it('a requested full resync re-sends unchanged contacts (repair); an incremental pass does not', async () => {
    const { events, runWith } = setup();
    await configure();
    await runWith({ pages: [{ changes: names(3) }] });
    await db.states.requestRun('acc', 'incremental');
    await runWith({ pages: [{ changes: names(3) }] });
    expect(events.of('provider-contact.upserted')).toHaveLength(3);
    await db.states.requestRun('acc', 'full');
    await runWith({ pages: [{ changes: names(3) }] });
    expect(events.of('provider-contact.upserted')).toHaveLength(6);
    expect(summary(events)).toMatchObject({ kind: 'full', stats: { emitted: 3, deleted: 0 } });
  });

  it('quarantined records are counted, listed, and never deleted by a full pass', async () => {
    const { events, runWith } = setup();
    await configure();
    await runWith({ pages: [{ changes: names(3) }] });
    const broken: QuarantinedContact = { externalId: 'p/2', label: 'p2', reason: 'no etag' };
    await db.states.requestRun('acc', 'full');
    const state = await runWith({ pages: [{ changes: names(2), quarantined: [broken] }] });
    expect(events.of('provider-contact.deleted')).toHaveLength(0);
    expect(await shadowIds()).toEqual(['p/0', 'p/1', 'p/2']);
    expect(summary(events)).toMatchObject({ status: 'succeeded', quarantine: [broken], stats: { quarantined: 1, inSync: 3 } });
    expect(state?.stage).toBe('idle');
  });

  it('quarantine is the sync total: kept by passes that do not see it, cleared when mapped fine or out of scope', async () => {
    const { events, runWith } = setup();
    await configure();
    const broken: QuarantinedContact = { externalId: 'p/9', label: 'p9', reason: 'no etag' };
    await runWith({ pages: [{ changes: names(2), quarantined: [broken] }] });
    expect(summary(events)).toMatchObject({ quarantine: [broken], stats: { quarantined: 1 } });
    // An incremental pass that sees no bad record still lists the earlier one.
    await db.states.requestRun('acc', 'incremental');
    await runWith({ pages: [{ changes: [] }] });
    expect(summary(events)).toMatchObject({ status: 'succeeded', quarantine: [broken], stats: { quarantined: 1 } });
    // A failed run reports the total too.
    await db.states.requestRun('acc', 'incremental');
    await runWith({ pages: [], throwAt: { page: 0, error: new ProviderUnavailableError('503', 'google', 503) } });
    expect(summary(events)).toMatchObject({ status: 'failed', quarantine: [broken], stats: { quarantined: 1 } });
    // Mapped fine later: cleared.
    await db.states.requestRun('acc', 'incremental');
    await runWith({ pages: [{ changes: [contactChange('p/9', 'Nine')] }] });
    expect(summary(events)).toMatchObject({ quarantine: [], stats: { quarantined: 0 } });
    // Quarantined again, then a full pass no longer sees it (left scope): cleared.
    await db.states.requestRun('acc', 'incremental');
    await runWith({ pages: [{ changes: [], quarantined: [{ ...broken, externalId: 'p/8' }] }] });
    expect(summary(events)).toMatchObject({ stats: { quarantined: 1 } });
    await db.states.requestRun('acc', 'full');
    await runWith({ pages: [{ changes: names(2) }] });
    expect(summary(events)).toMatchObject({ quarantine: [], stats: { quarantined: 0 } });
  });

  it('uploads each new photo before publishing and skips photos the shadow holds', async () => {
    const { events, photos, runWith } = setup();
    const photo = { contentType: 'image/jpeg' as const, bytes: Buffer.alloc(200_000, 7) };
    await configure();
    await runWith({ pages: [{ changes: [contactChange('p/1', 'A', photo)] }] });
    expect(photos.stored).toHaveLength(1);
    const event = events.of('provider-contact.upserted')[0];
    expect(event.payload.contact.photo?.hash).toBe(photos.stored[0]);
    expect(JSON.stringify(event).length).toBeLessThan(5_000);
    await db.states.requestRun('acc', 'incremental');
    await runWith({ pages: [{ changes: [contactChange('p/1', 'A renamed', photo)] }] });
    expect(photos.stored).toHaveLength(1);
  });

  it('a failed photo upload fails the pass as retryable, before anything is published or recorded', async () => {
    const { events, photos, runWith } = setup();
    photos.fail = new Error('photo store down');
    await configure();
    const state = await runWith({ pages: [{ changes: [contactChange('p/1', 'A', { contentType: 'image/png', bytes: Buffer.from('png') })] }] });
    expect(events.of('provider-contact.upserted')).toHaveLength(0);
    expect(await shadowIds()).toEqual([]);
    expect(state).toMatchObject({ stage: 'pending', failureCount: 1, requestedKind: 'full' });
    expect(summary(events)).toMatchObject({ status: 'failed', error: { code: 'internal' } });
  });

  it('a token per page; a 401 gets one forced refresh and the same page is retried, not the pull', async () => {
    const { driver, events, tokens, runWith } = setup();
    await configure();
    const state = await runWith({ pages: [{ changes: names(2) }, { changes: names(2, 'q') }], throwAt: { page: 1, error: new ProviderAccessTokenRejectedError('401', 'google', 401) } });
    expect(tokens.calls).toEqual([{ force: false }, { force: false }, { force: true }]);
    expect(driver.tokensUsed).toEqual(['token-1', 'token-2', 'token-3']);
    expect(driver.requests).toHaveLength(1);
    expect(state).toMatchObject({ stage: 'idle', failureCount: 0 });
    expect(new Set(events.of('provider-contact.upserted').map((e) => e.payload.externalId)).size).toBe(4);
    expect(events.of('provider-contact.upserted')).toHaveLength(4);
  });

  it('a second 401 right after the forced refresh fails the pass as retryable, not reconnect', async () => {
    const { events, runWith } = setup();
    await configure();
    const error = () => new ProviderAccessTokenRejectedError('401', 'google', 401);
    const state = await runWith({ pages: [{ changes: names(1) }], throwAt: { page: 0, error: error(), times: 2 } });
    expect(state).toMatchObject({ stage: 'pending', failureCount: 1 });
    expect(summary(events).error?.code).toBe('provider_unavailable');
  });

  it('a permission 403 asks the user to reconnect with the missing permission named', async () => {
    const { events, runWith } = setup();
    await configure();
    const state = await runWith({ pages: [], throwAt: { page: 0, error: new ProviderPermissionError('403', 'google', 403, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT') } });
    expect(state?.stage).toBe('reconnect_needed');
    expect(summary(events).error).toMatchObject({ code: 'permission_missing', message: expect.stringContaining('ACCESS_TOKEN_SCOPE_INSUFFICIENT') });
  });

  it('records each run\'s duration by provider and kind, and its outcome', async () => {
    const { runWith, metrics } = setup();
    await configure();
    await runWith({ pages: [{ changes: names(2) }] });
    await db.states.requestRun('acc', 'incremental');
    await runWith({ pages: [], throwAt: { page: 0, error: new ProviderPermissionError('403', 'google', 403, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT') } });
    const runs = await metrics.registry.getSingleMetric('contact_sync_sync_runs_total')!.get();
    expect(runs.values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { provider: 'google', kind: 'full', outcome: 'succeeded' }, value: 1 }),
        expect.objectContaining({ labels: { provider: 'google', kind: 'incremental', outcome: 'reconnect_needed' }, value: 1 }),
      ]),
    );
    const durations = await metrics.registry.getSingleMetric('contact_sync_sync_run_duration_seconds')!.get();
    const counts = durations.values.filter((v) => v.metricName === 'contact_sync_sync_run_duration_seconds_count');
    expect(counts.map((v) => [v.labels.kind, v.value])).toEqual(expect.arrayContaining([['full', 1], ['incremental', 1]]));
  });

  it('a vanished group fails the pass, deletes nothing and waits for a new configuration', async () => {
    const { events, runWith } = setup();
    await configure(1, 'g1');
    await runWith({ pages: [{ changes: names(3) }] });
    await db.states.requestRun('acc', 'full');
    const state = await runWith({ pages: [{ changes: names(1) }], throwAt: { page: 1, error: new SyncGroupNotFoundError('g1', 'google', 404) } });
    expect(state?.stage).toBe('needs_configuration');
    expect(events.of('provider-contact.deleted')).toHaveLength(0);
    expect(await shadowIds()).toEqual(['p/0', 'p/1', 'p/2']);
    expect(summary(events)).toMatchObject({ status: 'failed', error: { code: 'group_not_found', message: expect.stringContaining('choose another group') } });
    // Not scheduled, not revived by a refresh; a new configuration leaves it.
    expect(await db.states.requestRun('acc', 'incremental')).toBe(false);
    expect(await db.states.claimNext(OWNER, 60_000)).toBeNull();
    await configure(2, 'g2');
    expect((await db.states.get('acc'))?.stage).toBe('pending');
  });

  it('an account accounts no longer knows (404) stops the sync instead of asking to reconnect', async () => {
    const { tokens, runWith } = setup();
    await configure();
    tokens.failures.push(new AccountGoneError('gone'));
    expect((await runWith({ pages: [{ changes: names(1) }] }))?.stage).toBe('disconnected');
  });

  it('a provider error mid full pass deletes nothing (an error is never an empty book)', async () => {
    const { events, runWith } = setup();
    await configure();
    await runWith({ pages: [{ changes: names(3) }] });
    await db.states.requestRun('acc', 'full');
    await runWith({ pages: [{ changes: [] }], throwAt: { page: 1, error: new ProviderUnavailableError('503', 'google', 503) } });
    expect(events.of('provider-contact.deleted')).toHaveLength(0);
    expect(await shadowIds()).toHaveLength(3);
  });

  it('an empty full listing of a large book is held for confirmation; confirm publishes the deletions', async () => {
    const { events, runWith, held } = setup();
    await configure();
    await runWith({ pages: [{ changes: names(20) }] });
    await db.states.requestRun('acc', 'full');
    const state = await runWith({ pages: [{ changes: [] }] });
    expect(state?.stage).toBe('awaiting_confirmation');
    expect(events.of('provider-contact.deleted')).toHaveLength(0);
    expect(await shadowIds()).toHaveLength(20);
    const s = summary(events);
    expect(s).toMatchObject({ status: 'awaiting_confirmation', error: { code: 'deletions_need_confirmation', message: 'confirm 20 deletions' }, stats: { heldDeletions: 20 } });
    expect(await held.decide('acc', 'confirm', 'another-run')).toBe(false);
    expect(events.of('provider-contact.deleted')).toHaveLength(0);
    expect(await held.decide('acc', 'confirm', s.syncRunId)).toBe(true);
    const deleted = events.of('provider-contact.deleted');
    expect(deleted).toHaveLength(20);
    expect(Math.min(...deleted.map((e) => e.payload.sequence))).toBeGreaterThan(20);
    expect(await shadowIds()).toEqual([]);
    expect(await db.states.get('acc')).toMatchObject({ stage: 'idle', heldDeletions: null });
  });

  it('a rejected mass deletion keeps the persons and is not asked again', async () => {
    const { events, runWith, held } = setup();
    await configure();
    await runWith({ pages: [{ changes: names(20) }] });
    await db.states.requestRun('acc', 'full');
    await runWith({ pages: [{ changes: names(5) }] });
    expect(await held.decide('acc', 'reject', summary(events).syncRunId)).toBe(true);
    // A later full pass that still misses the same 15 contacts neither deletes nor asks again.
    await db.states.requestRun('acc', 'full');
    const state = await runWith({ pages: [{ changes: names(5) }] });
    expect(summary(events).kind).toBe('full');
    expect(state?.stage).toBe('idle');
    expect(summary(events).status).toBe('succeeded');
    expect(events.of('provider-contact.deleted')).toHaveLength(0);
    expect(await shadowIds()).toHaveLength(20);
  });

  it('small deletions go through, and the first pass after a group change is exempt from the threshold', async () => {
    const { events, runWith } = setup();
    await configure(1, 'g1');
    await runWith({ pages: [{ changes: names(20) }] });
    await db.states.requestRun('acc', 'full');
    await runWith({ pages: [{ changes: names(18) }] });
    expect(events.of('provider-contact.deleted')).toHaveLength(2);
    await configure(2, 'g2');
    const state = await runWith({ pages: [{ changes: names(1, 'other') }] });
    expect(state).toMatchObject({ stage: 'idle', scopeChanged: false });
    expect(events.of('provider-contact.deleted')).toHaveLength(20);
    expect(events.of('provider-contact.deleted').slice(2).every((e) => e.payload.reason === 'left_group')).toBe(true);
  });

  it('a re-configuration during a page fences the pass: no later events, shadow or cursor', async () => {
    const { events, runWith } = setup();
    await configure(1);
    const state = await runWith({ pages: [{ changes: names(2) }, { changes: names(2, 'late') }], beforePage: { page: 1, run: () => configure(2).then(() => undefined) } });
    expect(events.of('provider-contact.upserted').map((e) => e.payload.externalId)).toEqual(['p/0', 'p/1']);
    expect(await shadowIds()).toEqual(['p/0', 'p/1']);
    expect(state).toMatchObject({ stage: 'pending', configVersion: 2, cursor: null, requestedKind: 'full' });
    expect(events.of('sync-run.completed')).toHaveLength(0);
  });

  it('renews the lease while a slow page is in progress', async () => {
    const { runWith } = setup(1500);
    await configure();
    let renewedBy = 0;
    await runWith({
      pages: [{ changes: names(1) }, { changes: names(1, 'q') }],
      beforePage: {
        page: 1,
        run: async () => {
          const before = (await db.states.get('acc'))!.leaseExpiresAt!.getTime();
          // Longer than the renewal period (a third of the lease): only the timer can move the expiry.
          await new Promise((r) => setTimeout(r, 1200));
          renewedBy = (await db.states.get('acc'))!.leaseExpiresAt!.getTime() - before;
        },
      },
    });
    expect(renewedBy).toBeGreaterThan(0);
  });

  it('leaseOf exposes the fencing token of a claim', async () => {
    await configure();
    const claimed = await db.states.claimNext(OWNER, 60_000);
    expect(leaseOf(claimed!, OWNER)).toEqual({ accountId: 'acc', owner: OWNER, runSeq: 1, fence: 1 });
  });
});
