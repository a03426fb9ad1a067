import { openTestDb } from '../testing/accounts-db.test';
import { ExpirySweeper, PENDING_ACCOUNT_TTL_MS } from './expiry.sweeper';

describe('ExpirySweeper (real database)', () => {
  let db: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => (db = await openTestDb()));
  afterAll(() => db.close());

  it('removes abandoned pending accounts and expired attempts, and nothing else', async () => {
    const make = (email: string, status: string, connectedAt: Date | null = null) =>
      db.accounts.create({ companyId: 'c1', ownerUserId: 'u1', provider: 'google', email, status, connectedAt });
    const abandoned = await make('a@example.com', 'pending');
    const recent = await make('b@example.com', 'pending');
    const reconnecting = await make('c@example.com', 'pending', new Date());
    const connected = await make('d@example.com', 'connected', new Date());
    const attempt = (expiresAt: Date) => db.attempts.create({ accountId: 'x', companyId: 'c1', codeVerifierSealed: 's', redirectUri: 'http://r', expiresAt });
    const old = await attempt(new Date(Date.now() - 2 * 3_600_000));
    const live = await attempt(new Date(Date.now() + 60_000));

    const past = new Date(Date.now() - PENDING_ACCOUNT_TTL_MS - 60_000);
    await db.accounts.collection.updateMany({ _id: { $in: [abandoned._id, reconnecting._id, connected._id] } }, { $set: { updatedAt: past } });

    expect(await new ExpirySweeper(db.accounts, db.attempts).sweep()).toEqual({ accounts: 1, attempts: 1 });
    const left = (await db.accounts.find().lean()).map((a) => a.email).sort();
    expect(left).toEqual([recent.email, reconnecting.email, connected.email].sort());
    expect((await db.attempts.find().lean()).map((a) => String(a._id))).toEqual([String(live._id)]);
    expect(old).toBeDefined();
  });
});
