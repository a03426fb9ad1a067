import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { requireInfraEnv } from '@contact-sync/testing';
import { AccountLease, AccountLeaseSchema } from './account-lease.schema';
import { AccountBusyError, AccountLeaseRepository } from './account-lease.repository';

const SHORT_LEASE_MS = 900;

/** Two writeback replicas on the real database: one account is written by one of them at a time. */
describe('AccountLeaseRepository on the real database', () => {
  let conn: Connection;
  let a: AccountLeaseRepository;
  let b: AccountLeaseRepository;

  beforeEach(async () => {
    conn = await mongoose.createConnection(requireInfraEnv().mongoUri, { dbName: `writeback_lease_${randomUUID().slice(0, 8)}` }).asPromise();
    const model = conn.model(AccountLease.name, AccountLeaseSchema);
    a = new AccountLeaseRepository(model, SHORT_LEASE_MS);
    b = new AccountLeaseRepository(model, SHORT_LEASE_MS);
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
    expect(await a.tryTake('acc', new Date(Date.now() + SHORT_LEASE_MS + 1_000))).toBe(true);
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

  it('keeps the lease while long work runs (renewed on a timer), so no other replica takes it', async () => {
    const seen: boolean[] = [];
    await a.withLease('acc', async () => {
      // Past the lease time of the first take: only a renewal keeps b out.
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, SHORT_LEASE_MS / 2));
        seen.push(await b.tryTake('acc'));
      }
    });
    expect(seen).toEqual([false, false, false]);
    expect(await b.tryTake('acc')).toBe(true); // released at the end
  });

  it('renew() goes to the database only when the last take or renewal is a third of the lease old', async () => {
    const updateOne = jest.spyOn(conn.model(AccountLease.name), 'updateOne');
    expect(await a.tryTake('acc')).toBe(true);
    await a.renew('acc'); // just taken: nothing to do
    expect(updateOne).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, SHORT_LEASE_MS / 3 + 50));
    await a.renew('acc');
    expect(updateOne).toHaveBeenCalledTimes(2);
    // Renewed, so still a's past the first take's expiry.
    await new Promise((r) => setTimeout(r, (SHORT_LEASE_MS * 2) / 3));
    expect(await b.tryTake('acc')).toBe(false);
    await a.release('acc');
    await a.renew('other'); // never held: taken
    expect(await b.tryTake('other')).toBe(false);
  });

  it('gives up (bounded) while another replica keeps the account', async () => {
    expect(await a.tryTake('acc')).toBe(true);
    await expect(b.withLease('acc', async () => 'never', 300)).rejects.toBeInstanceOf(AccountBusyError);
  });
});
