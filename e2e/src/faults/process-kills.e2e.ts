import type { ServiceName } from '@contact-sync/testing';
import { compareBothSides } from './compare-both-sides';
import { faultRandom, FaultWorld } from './fault-world';

/**
 * kill -9 of each service at a random point of a full sync, then a restart: nothing lost, nothing
 * duplicated, the dashboard tells the truth. One seeded stack; the shared broker and database are
 * not touched (only our own processes die).
 */
jest.setTimeout(900_000);

describe('fault: kill -9 mid full sync', () => {
  let world: FaultWorld;
  const random = faultRandom('process kills');

  beforeAll(async () => {
    world = await FaultWorld.create();
  });
  afterAll(async () => {
    await world?.close();
  });

  async function killAndRestart(name: ServiceName): Promise<void> {
    await world.stack.services[name].kill();
    await world.stack.services[name].start();
  }

  it('ingest killed mid initial full sync (Google)', async () => {
    const account = await world.seedAndConnect('google');
    await world.start(account);
    await world.untilCrmHolds(account, 0.1 + random() * 0.5);
    await killAndRestart('ingest');
    await compareBothSides(world, account, await world.settle(account));
  });

  it('contacts killed mid initial full sync (Microsoft)', async () => {
    const account = await world.seedAndConnect('microsoft');
    await world.start(account);
    await world.untilCrmHolds(account, 0.1 + random() * 0.5);
    await killAndRestart('contacts');
    await compareBothSides(world, account, await world.settle(account));
  });

  it('accounts killed during a full resync after changes (Google)', async () => {
    const [account] = world.accounts;
    if (!account) throw new Error('the first test did not create the Google account');
    await world.churn(account, random);
    await world.refresh(account, true);
    await new Promise((r) => setTimeout(r, Math.floor(random() * 3000))); // a random point of the pass
    await killAndRestart('accounts');
    await compareBothSides(world, account, await world.settle(account));
  });
});
