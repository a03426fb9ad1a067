import { createEvent } from '@contact-sync/events';
import { openTestDb, RecordingPublisher } from '../testing/accounts-db.test';
import { OutboxPublisher } from './outbox.publisher';
import { OutboxSweeper } from './outbox.sweeper';
import { pushToOutbox } from './outbox-entry';

describe('outbox (real database)', () => {
  let db: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => (db = await openTestDb()));
  afterAll(() => db.close());

  async function newAccount() {
    return db.accounts.create({ companyId: 'c1', ownerUserId: 'u1', provider: 'google', email: `${Math.random()}@example.com`, status: 'connected' });
  }
  const paused = (accountId: string) => createEvent('sync.paused', { companyId: 'c1', accountId }, {});
  const refresh = (accountId: string) => createEvent('sync.refresh-requested', { companyId: 'c1', accountId }, { full: true });
  const later = () => Date.now() + 60_000;

  it('keeps an event whose publish failed and the sweeper publishes it', async () => {
    const broker = new RecordingPublisher();
    const publisher = new OutboxPublisher(db.accounts, broker.asPublisher());
    const account = await newAccount();
    const event = paused(account.id);
    await db.accounts.updateOne({ _id: account.id }, { $set: { syncStatus: 'paused' }, $push: pushToOutbox(event) });

    broker.failures = 1;
    expect(await publisher.flush(account.id)).toBe(false);
    expect((await db.accounts.findById(account.id).lean())?.outbox).toHaveLength(1);
    expect(broker.published).toHaveLength(0);

    await new OutboxSweeper(publisher).sweep(later());
    expect(broker.published.map((e) => e.id)).toEqual([event.id]);
    const stored = await db.accounts.findById(account.id).lean();
    expect(stored?.outbox).toHaveLength(0);
    expect(stored?.outboxLeaseUntil).toBeNull();
  });

  it('publishes, in order, events recorded by a request that crashed before publishing', async () => {
    const broker = new RecordingPublisher();
    const publisher = new OutboxPublisher(db.accounts, broker.asPublisher());
    const account = await newAccount();
    const first = refresh(account.id);
    const second = paused(account.id);
    // The state change and its events were written; the process died before the publish.
    await db.accounts.updateOne({ _id: account.id }, { $push: pushToOutbox(first) });
    await db.accounts.updateOne({ _id: account.id }, { $push: pushToOutbox(second) });

    expect(await new OutboxSweeper(publisher).sweep(later())).toBe(1);
    expect(broker.published.map((e) => e.id)).toEqual([first.id, second.id]);
    expect((await db.accounts.findById(account.id).lean())?.outbox).toHaveLength(0);
  });

  it('leaves fresh entries to the request path and never publishes an account held by another replica', async () => {
    const broker = new RecordingPublisher();
    const publisher = new OutboxPublisher(db.accounts, broker.asPublisher());
    const account = await newAccount();
    await db.accounts.updateOne({ _id: account.id }, { $push: pushToOutbox(paused(account.id)) });
    const sweeper = new OutboxSweeper(publisher);
    expect(await sweeper.sweep(Date.now())).toBe(0);

    await db.accounts.updateOne({ _id: account.id }, { $set: { outboxLeaseUntil: new Date(Date.now() + 60_000) } });
    expect(await publisher.flush(account.id)).toBe(false);
    expect(broker.published).toHaveLength(0);
  });
});
