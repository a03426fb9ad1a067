import type { SyncStateDocument } from '../state/sync-state.schema';
import { openTestDb, type TestDb } from '../testing/test-db';
import { syncConfig, testConfig } from '../testing/sync-fakes';
import type { SyncRunner } from './sync-runner';
import { SyncScheduler } from './sync-scheduler';

/** A runner that holds every run open until released, so concurrency is observable. */
class GatedRunner {
  readonly started: string[] = [];
  private releases: (() => void)[] = [];
  run(state: SyncStateDocument, _owner: string, shouldStop: () => boolean): Promise<void> {
    this.started.push(state._id);
    return new Promise<void>((resolve) => this.releases.push(() => resolve())).then(() => void shouldStop());
  }
  releaseAll(): void {
    this.releases.splice(0).forEach((r) => r());
  }
}

describe('SyncScheduler (real database)', () => {
  let db: TestDb;
  beforeAll(async () => (db = await openTestDb()));
  afterAll(() => db.close());
  beforeEach(() => db.stateModel.deleteMany({}));

  const scheduler = (runner: GatedRunner, concurrency: number) =>
    new SyncScheduler(db.states, runner as unknown as SyncRunner, testConfig({ SYNC_CONCURRENCY: concurrency, SCHEDULER_TICK_MS: 60_000 }));

  it('claims due syncs most overdue first, up to the concurrency limit, and each only once', async () => {
    for (const [i, id] of ['a', 'b', 'c'].entries()) {
      await db.states.configure(id, 'co1', syncConfig(), 1);
      await db.stateModel.updateOne({ _id: id }, { $set: { nextRunAt: new Date(Date.now() - (10 - i) * 1000) } });
    }
    const runner = new GatedRunner();
    const s = scheduler(runner, 2);
    await s.tick();
    expect(runner.started).toEqual(['a', 'b']);
    await s.tick();
    expect(runner.started).toEqual(['a', 'b']);
    expect((await db.states.get('c'))?.stage).toBe('pending');
    runner.releaseAll();
    await new Promise((r) => setImmediate(r));
    await s.tick();
    expect(runner.started).toEqual(['a', 'b', 'c']);
    runner.releaseAll();
    await s.onApplicationShutdown();
  });

  it('two schedulers never claim the same sync', async () => {
    await db.states.configure('solo', 'co1', syncConfig(), 1);
    const r1 = new GatedRunner();
    const r2 = new GatedRunner();
    await Promise.all([scheduler(r1, 4).tick(), scheduler(r2, 4).tick()]);
    expect([...r1.started, ...r2.started]).toEqual(['solo']);
    r1.releaseAll();
    r2.releaseAll();
  });

  it('does not claim paused or held syncs', async () => {
    await db.states.configure('p', 'co1', syncConfig(), 1);
    await db.states.pause('p');
    const runner = new GatedRunner();
    await scheduler(runner, 2).tick();
    expect(runner.started).toEqual([]);
  });
});
