import { compareBothSides } from './compare-both-sides';
import { faultRandom, FaultWorld } from './fault-world';

/**
 * The broker, then the database server, stopped mid-sync and started again. These run on their own
 * InfraInstance (own ports and data): the shared broker and database other suites use stay up.
 */
jest.setTimeout(900_000);

/** How long a component stays down: long enough for every service to notice, short enough for CI. */
const OUTAGE_MS = 8000;

describe('fault: infrastructure outage mid-sync', () => {
  let world: FaultWorld;
  const random = faultRandom('infra outages');

  beforeAll(async () => {
    world = await FaultWorld.create({ ownInfra: true });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('the broker stops and restarts mid full sync (Google)', async () => {
    const account = await world.seedAndConnect('google');
    await world.start(account);
    await world.untilCrmHolds(account, 0.1 + random() * 0.5);
    await world.instance!.stopComponent('kafka');
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await world.instance!.startComponent('kafka');
    await compareBothSides(world, account, await world.settle(account));
  });

  it('the database server (FerretDB and PostgreSQL) stops and restarts mid full sync (Microsoft)', async () => {
    const account = await world.seedAndConnect('microsoft');
    await world.start(account);
    await world.untilCrmHolds(account, 0.1 + random() * 0.5);
    await world.instance!.stopComponent('mongo');
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await world.instance!.startComponent('mongo');
    await compareBothSides(world, account, await world.settle(account));
  });

  it('PostgreSQL alone stops under a running FerretDB mid full resync (Google)', async () => {
    const [account] = world.accounts;
    if (!account) throw new Error('the first test did not create the Google account');
    await world.churn(account, random);
    await world.refresh(account, true);
    await world.instance!.stopComponent('postgres');
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await world.instance!.startComponent('postgres');
    await compareBothSides(world, account, await world.settle(account));
  });
});
