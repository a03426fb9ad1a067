import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { requireInfraEnv } from '@contact-sync/testing';
import { AccountLease, AccountLeaseSchema } from './account-lease.schema';
import { AccountBusyError, AccountLeaseRepository, LEASE_MS } from './account-lease.repository';

/** Two writeback replicas on the real database: one account is written by one of them at a time. */
describe('AccountLeaseRepository on the real database', () => {
  let conn: Connection;
  let a: AccountLeaseRepository;
  let b: AccountLeaseRepository;

  beforeEach(async () => {
    conn = await mongoose.createConnection(requireInfraEnv().mongoUri, { dbName: `writeback_lease_${randomUUID().slice(0, 8)}` }).asPromise();
    const model = conn.model(AccountLease.name, AccountLeaseSchema);
    a = new AccountLeaseRepository(model);
    b = new AccountLeaseRepository(model);
  });
  afterEach(async () => {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  });

  it('one replica holds an account at a time; released, the other takes it; a dead holder expires', async () => {
    expect(await a.tryTake('acc')).toBe(true);
    expect(await a.tryTake('acc')).toBe(true); // renewing its own
    expect(await b.tryTake('acc')).toBe(false);
    expect(await b.tryTake('other')).toBe(true);
    await a.release('acc');
    expect(await b.tryTake('acc')).toBe(true);
    // b dies holding it: after the lease time another replica may write the account.
    expect(await a.tryTake('acc', new Date(Date.now() + LEASE_MS + 1_000))).toBe(true);
  });

  it('withLease runs the work of two replicas one after the other, never side by side', async () => {
    const log: string[] = [];
    const work = (who: string) => async () => {
      log.push(`${who} start`);
      await new Promise((r) => setTimeout(r, 300));
      log.push(`${who} end`);
    };
    await Promise.all([a.withLease('acc', work('a')), b.withLease('acc', work('b'))]);
    expect(log).toHaveLength(4);
    expect(log[0]?.replace(' start', '')).toBe(log[1]?.replace(' end', ''));
    expect(log[2]?.replace(' start', '')).toBe(log[3]?.replace(' end', ''));
  });

  it('gives up (bounded) while another replica keeps the account', async () => {
    expect(await a.tryTake('acc')).toBe(true);
    await expect(b.withLease('acc', async () => 'never', 300)).rejects.toBeInstanceOf(AccountBusyError);
  });
});
