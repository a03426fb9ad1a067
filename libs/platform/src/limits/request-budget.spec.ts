import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { nextSleepMs, RequestBudget, type BudgetWait } from './request-budget';
import { WindowCounter, WindowCounterSchema } from './window-counter';

describe('budget waits', () => {
  it('sleeps until the window ends plus the jitter, in slices of at most a second', () => {
    expect(nextSleepMs(10_000, 13_500, 100)).toBe(1000);
    expect(nextSleepMs(13_000, 13_500, 100)).toBe(600);
    expect(nextSleepMs(13_600, 13_500, 100)).toBe(0);
    expect(nextSleepMs(14_000, 13_500, 0)).toBe(0);
  });
});

describe('RequestBudget on the real server', () => {
  let conn: Connection;
  let counter: WindowCounter;

  beforeAll(async () => {
    const uri = process.env.MONGODB_URI;
    if (!uri) throw new Error('MONGODB_URI must be set (eval "$(bash tools/infra/infra.sh env)")');
    conn = await mongoose.createConnection(uri, { dbName: `budget_${randomUUID().slice(0, 8)}` }).asPromise();
    counter = new WindowCounter(conn.model('BudgetWindow', WindowCounterSchema, 'budget_windows'));
  });

  afterAll(async () => {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  });

  it('delays the requests over the budget to later windows and grants every one of them', async () => {
    const budget = new RequestBudget(counter, { limit: 2, windowMs: 400 });
    const waits: BudgetWait[] = [];
    const key = `google|co-${randomUUID()}`;
    await Promise.all(Array.from({ length: 5 }, () => budget.acquire(key, { onWait: (w) => waits.push(w) })));
    // 5 requests with 2 per window: some waited (3 unless a window ended among the first takes), and all were granted.
    expect(waits.filter((w) => w.first).length).toBeGreaterThanOrEqual(1);
  });

  it('gives up a wait when its checkpoint throws (the run was stopped), without taking a request', async () => {
    const budget = new RequestBudget(counter, { limit: 1, windowMs: 60_000 });
    const key = `google|co-${randomUUID()}`;
    await budget.acquire(key);
    await expect(budget.acquire(key, { checkpoint: () => { throw new Error('stopped'); } })).rejects.toThrow('stopped');
  });
});
