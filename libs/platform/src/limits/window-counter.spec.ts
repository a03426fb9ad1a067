import { randomUUID } from 'node:crypto';
import mongoose, { type Connection, type Model } from 'mongoose';
import { WindowCounter, WindowCounterSchema, type WindowCounterDocument } from './window-counter';

/** On the shared test server (FerretDB locally, or MONGODB_URI's MongoDB): the counter is only as good as its atomic updates there. */
describe('WindowCounter', () => {
  let conn: Connection;
  let model: Model<WindowCounterDocument>;
  let counter: WindowCounter;
  const limit = { limit: 3, windowMs: 60_000 };
  const t0 = 1_800_000_000_000 - (1_800_000_000_000 % 60_000);

  beforeAll(async () => {
    const uri = process.env.MONGODB_URI;
    if (!uri) throw new Error('MONGODB_URI must be set (eval "$(bash tools/infra/infra.sh env)")');
    conn = await mongoose.createConnection(uri, { dbName: `limits_${randomUUID().slice(0, 8)}` }).asPromise();
    model = conn.model('WindowCounter', WindowCounterSchema, 'rate_limit_windows');
    counter = new WindowCounter(model);
  });

  afterAll(async () => {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  });

  it('allows the limit within a window, refuses the next until the window ends, then starts over', async () => {
    const key = `k-${randomUUID()}`;
    for (let i = 1; i <= 3; i++) expect(await counter.take(key, limit, t0 + i)).toEqual({ allowed: true, count: i });
    expect(await counter.take(key, limit, t0 + 10_000)).toEqual({ allowed: false, count: 4, retryAtMs: t0 + 60_000 });
    expect(await counter.take(key, limit, t0 + 59_999)).toMatchObject({ allowed: false });
    expect(await counter.take(key, limit, t0 + 60_000)).toEqual({ allowed: true, count: 1 });
    // One document per key, reused.
    expect(await model.countDocuments({ _id: key })).toBe(1);
  });

  it('keeps keys apart', async () => {
    const a = `a-${randomUUID()}`;
    const b = `b-${randomUUID()}`;
    for (let i = 0; i < 3; i++) await counter.take(a, limit, t0);
    expect((await counter.take(a, limit, t0)).allowed).toBe(false);
    expect(await counter.take(b, limit, t0)).toEqual({ allowed: true, count: 1 });
  });

  it('counts concurrent takes exactly once each (replicas racing on a new key)', async () => {
    const key = `c-${randomUUID()}`;
    const verdicts = await Promise.all(Array.from({ length: 8 }, () => counter.take(key, limit, t0 + 5)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(3);
    expect(verdicts.map((v) => v.count).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('never drags a window back when a replica clock runs behind', async () => {
    const key = `s-${randomUUID()}`;
    await counter.take(key, limit, t0 + 60_000);
    const late = await counter.take(key, limit, t0 + 59_000);
    expect(late).toEqual({ allowed: true, count: 2 });
    expect(await model.findById(key).lean()).toMatchObject({ window: (t0 + 60_000) / 60_000, count: 2 });
  });
});
