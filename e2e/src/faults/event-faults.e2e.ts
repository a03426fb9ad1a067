import { eventually } from '@contact-sync/testing';
import { compareBothSides } from './compare-both-sides';
import { faultRandom, FaultWorld, type SyncedAccount } from './fault-world';

/**
 * Faults on the event stream itself: garbage on the provider-changes topic, the same event twice,
 * an older event replayed after a newer one. Copies of real events are captured with KafkaProbe.
 */
jest.setTimeout(600_000);

const SIZE = 300;

interface Envelope {
  id: string;
  type: string;
  payload: { externalId?: string; sequence?: number; contact?: { name?: { givenName?: string } } };
  [key: string]: unknown;
}

describe('fault: poisoned, duplicated and reordered events', () => {
  let world: FaultWorld;
  let account: SyncedAccount;
  const random = faultRandom('event faults');

  beforeAll(async () => {
    world = await FaultWorld.create();
    account = await world.seedAndConnect('google', SIZE);
    await world.start(account);
    await world.settle(account);
  });
  afterAll(async () => {
    await world?.close();
  });

  const upsertsOf = async (externalId: string, atLeast: number) =>
    (await world.probe.readUntil('providerContactChanges', (ms) => ms.filter((m) => m.value.includes(externalId)).length >= atLeast))
      .flatMap((m) => {
        // The topic also holds the poisoned message of the test before: skip what is not JSON.
        try {
          return [{ key: m.key, value: m.value, event: JSON.parse(m.value) as Envelope }];
        } catch {
          return [];
        }
      })
      .filter((m) => m.event.payload?.externalId === externalId && m.event.type.endsWith('upserted'));

  it('a poisoned event lands in the dead-letter topic with its reason, and nothing else is lost', async () => {
    const marker = `poison-${Math.floor(random() * 1e9)}`;
    await world.probe.send('providerContactChanges', [{ key: account.accountId, value: `{"not":"an event","marker":"${marker}"` }]);
    const letters = await world.probe.readUntil('deadLetter', (ms) => ms.some((m) => m.value.includes(marker)), 60_000);
    const letter = letters.find((m) => m.value.includes(marker));
    expect(letter).toBeDefined();
    // The letter names the source, the offset and why (here: not JSON), so an operator can act on it.
    expect(JSON.parse(letter!.value)).toMatchObject({ reason: expect.stringMatching(/not valid JSON/), sourceTopic: expect.stringContaining('provider-contact-changes') });
    await world.churn(account, random, 12);
    await world.refresh(account, false);
    await compareBothSides(world, account, await world.settle(account));
  });

  it('the same event delivered twice, and an older one replayed after a newer one: the person stays at the newest', async () => {
    const [target] = (await world.providerContacts(account)).map((c) => c.externalId);
    const [older] = await upsertsOf(target!, 1);
    await world.google.patchPerson(account.email, target!, { names: [{ givenName: 'Newest', familyName: 'Version' }] });
    await world.refresh(account, false);
    await world.settle(account);
    const newer = (await upsertsOf(target!, 2)).at(-1)!;
    expect(newer.event.id).not.toBe(older!.event.id);

    await world.probe.send('providerContactChanges', [newer, newer, older!].map(({ key, value }) => ({ key, value })));
    await world.probe.untilConsumed('providerContactChanges');
    await eventually(async () => {
      const link = await world.contactsDb.collection('person_links').findOne({ accountId: account.accountId, externalId: target, deletedAt: null });
      expect(link?.base?.name?.givenName).toBe('Newest');
    }, { timeoutMs: 30_000 });
    await compareBothSides(world, account, await world.settle(account));
  });
});
