import { eventually } from '@contact-sync/testing';
import { compareBothSides } from './compare-both-sides';
import { faultRandom, FaultWorld, type SyncedAccount } from './fault-world';

/**
 * The provider misbehaves in the middle of a pass: throttling (with and without Retry-After),
 * 500/503 bursts, an access token that expires, a sync token that expires, a revoked grant.
 * One seeded Google account and one Microsoft account; each test changes the book first so the
 * pass has work, strikes once the pass has begun, and ends with compareBothSides.
 */
jest.setTimeout(900_000);

/** The listing call of a pass: a fault after the first page strikes in the middle of the listing. */
const LISTING = { google: 'people.connections.list' } as const;

describe('fault: provider errors mid-pass', () => {
  let world: FaultWorld;
  let google: SyncedAccount;
  let microsoft: SyncedAccount;
  const random = faultRandom('provider faults');

  beforeAll(async () => {
    world = await FaultWorld.create();
    google = await world.seedAndConnect('google');
    microsoft = await world.seedAndConnect('microsoft');
  });
  afterAll(async () => {
    await world?.close();
  });

  // Faults are armed before the pass with `afterCalls`, so they strike mid-pass however fast the
  // pass is; settle() fails if a fault of the account never struck (the test would prove nothing).
  it('429 with Retry-After during the initial full sync (Google)', async () => {
    await world.google.fault({ status: 429, count: 3, retryAfterSeconds: 1, afterCalls: 1, operation: LISTING.google, account: google.email });
    await world.start(google);
    await compareBothSides(world, google, await world.settle(google));
  });

  it('429 without Retry-After during the initial full sync (Microsoft)', async () => {
    await world.microsoft.fault({ status: 429, count: 3, retryAfterSeconds: null, afterCalls: 1 + Math.floor(random() * 3), account: microsoft.email });
    await world.start(microsoft);
    await compareBothSides(world, microsoft, await world.settle(microsoft));
  });

  it.each([500, 503] as const)('a burst of %s during a full resync (Google)', async (status) => {
    await world.churn(google, random);
    await world.google.fault({ status, count: 4, afterCalls: 1, operation: LISTING.google, account: google.email });
    await world.refresh(google, true);
    await compareBothSides(world, google, await world.settle(google));
  });

  it('the access token expires mid-pass: one forced refresh, no reconnect (Microsoft)', async () => {
    await world.churn(microsoft, random);
    await world.refresh(microsoft, true);
    await world.microsoft.expireAccessTokens(microsoft.email);
    const dashboard = await world.settle(microsoft);
    expect(dashboard.needsAttention ?? null).toBeNull();
    await compareBothSides(world, microsoft, dashboard);
  });

  it('an expired sync token on an incremental pass (Google)', async () => {
    await world.churn(google, random);
    await world.google.expireSyncTokens(google.email);
    await world.refresh(google, false);
    await compareBothSides(world, google, await world.settle(google));
  });

  it('a revoked grant mid-pass: the dashboard says reconnect; after reconnecting everything converges (Google)', async () => {
    await world.churn(google, random);
    await world.refresh(google, true);
    await world.google.revoke(google.email);
    await world.google.expireAccessTokens(google.email);
    await eventually(async () => {
      const dashboard = await world.dashboard(google);
      expect(dashboard.needsAttention?.code).toMatch(/reconnect/);
    }, { timeoutMs: 120_000, intervalMs: 1000 });
    const again = await world.user.connect('google', google.email);
    expect(again.id).toBe(google.accountId);
    await world.refresh(google, true);
    await compareBothSides(world, google, await world.settle(google));
  });
});
