import { randomUUID } from 'node:crypto';
import mongoose, { type Connection, type Model } from 'mongoose';
import { requireInfraEnv } from '@contact-sync/testing';
import { SyncActivityRepository, type RunActivity } from './sync-activity.repository';
import { SyncActivityHour, SyncActivityHourSchema, SyncActivityRun, SyncActivityRunSchema } from './sync-activity.schema';

const DAY = 24 * 3_600_000;
let sequence = 0;
const activity = (accountId: string, syncRunId: string, added: number): RunActivity => ({ accountId, syncRunId, maxSequence: (sequence += added), processed: added, added, updated: 0, deleted: 0 });

/** The dashboard's activity counters on the real database: windows, and what ages out when. */
describe('SyncActivityRepository', () => {
  let conn: Connection;
  let hours: Model<SyncActivityHour>;
  let runs: Model<SyncActivityRun>;
  let repo: SyncActivityRepository;

  beforeEach(async () => {
    conn = await mongoose.createConnection(requireInfraEnv().mongoUri, { dbName: `contacts_activity_${randomUUID().slice(0, 8)}`, autoIndex: false }).asPromise();
    hours = conn.model(SyncActivityHour.name, SyncActivityHourSchema);
    runs = conn.model(SyncActivityRun.name, SyncActivityRunSchema);
    repo = new SyncActivityRepository(hours, runs);
  });
  afterEach(async () => {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  });

  it('sums the last 24 h and 7 days; reading never deletes; a new hour drops what aged out (of that sync only)', async () => {
    const now = new Date();
    await repo.record([activity('a1', 'r-old', 5), activity('a2', 'r-other', 1)], new Date(now.getTime() - 9 * DAY));
    await repo.record([activity('a1', 'r-week', 3)], new Date(now.getTime() - 3 * DAY));
    await repo.record([activity('a1', 'r-now', 2)], now);
    expect(await repo.windows('a1', now)).toEqual({ last24h: { added: 2, updated: 0, deleted: 0 }, last7d: { added: 5, updated: 0, deleted: 0 } });
    // a1's 9-day-old bucket and run went when its new hour opened; a2 had no new hour, so it keeps its own.
    expect((await hours.find({}, { _id: 1 }).lean()).map((h) => h._id.split(':')[0]).sort()).toEqual(['a1', 'a1', 'a2']);
    expect((await runs.find({}, { syncRunId: 1 }).lean()).map((r) => r.syncRunId).sort()).toEqual(['r-now', 'r-other', 'r-week']);
    const before = await hours.countDocuments();
    await repo.windows('a2', now);
    expect(await hours.countDocuments()).toBe(before);
    expect(await repo.lastRun('a1')).toMatchObject({ syncRunId: 'r-now', added: 2 });
  });

  it('chunks of one run recorded at the same moment (partitions side by side) lose no count', async () => {
    const chunk = { accountId: 'a1', syncRunId: 'run-x', maxSequence: 1, processed: 1, added: 1, updated: 0, deleted: 0 };
    await Promise.all([1, 2, 3, 4].map((n) => repo.record([{ ...chunk, maxSequence: n }])));
    expect(await repo.lastRun('a1')).toEqual({ syncRunId: 'run-x', processed: 4, added: 4, updated: 0, deleted: 0 });
    expect((await repo.windows('a1')).last24h).toEqual({ added: 4, updated: 0, deleted: 0 });
  });
});
