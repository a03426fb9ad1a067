import { randomUUID } from 'node:crypto';
import { contactHash } from '@contact-sync/contact-model';
import {
  CrmUser,
  EmulatorAdmin,
  eventually,
  KafkaProbe,
  requireInfraEnv,
  startLocalStack,
  type LocalStack,
  type PersonView,
} from '@contact-sync/testing';
import { expectedFullPerson, fullPerson, LONG_NOTES, nastyPeople, simplePerson } from './fixtures/google-seed';

/**
 * The whole one-way path on the real broker and database: emulator (Google) → ingest → Kafka →
 * contacts, driven through the public APIs as the CRM would.
 */
jest.setTimeout(180_000);

const EMAIL = 'ada@example.com';

describe('Google one-way sync, end to end', () => {
  let stack: LocalStack;
  let admin: EmulatorAdmin;
  let probe: KafkaProbe;
  let user: CrmUser;
  let accountId: string;
  const ids: Record<string, string> = {};

  const byName = (persons: PersonView[]) => new Map(persons.map((p) => [p.name, p]));

  async function refreshAndWait(expectedSyncs: number, full = false): Promise<void> {
    await user.expectOk(user.accounts('POST', `/accounts/${accountId}/sync/refresh`, { full }), 202);
    await eventually(async () => {
      const runs = await admin.requestCount(EMAIL, 'people.connections.list');
      if (runs < expectedSyncs) throw new Error(`waiting for the provider pull (${runs} < ${expectedSyncs})`);
    });
  }

  beforeAll(async () => {
    stack = await startLocalStack();
    admin = new EmulatorAdmin(stack.emulatorUrl);
    probe = new KafkaProbe(requireInfraEnv().kafkaBrokers, stack.namespace);
    user = new CrmUser(`u-${randomUUID().slice(0, 8)}`, `co-${randomUUID().slice(0, 8)}`, { accounts: stack.accountsUrl, contacts: stack.contactsUrl });

    await admin.createAccount(EMAIL);
    const clients = await admin.createGroup(EMAIL, 'Clients');
    const suppliers = await admin.createGroup(EMAIL, 'Suppliers');
    const nasty = nastyPeople(clients);
    const seeded = await admin.seedPeople(EMAIL, [
      fullPerson(1, clients),
      fullPerson(2, clients),
      fullPerson(3, suppliers),
      nasty.noName,
      nasty.emoji,
      nasty.manyEmails,
      nasty.longNotes,
      simplePerson('Stays', [clients]),
      simplePerson('Edited', [clients]),
      simplePerson('Deleted', [clients]),
      simplePerson('Moved', [clients]),
      simplePerson('Both', [clients, suppliers]),
      simplePerson('SupplierOnly', [suppliers]),
      simplePerson('Ungrouped', []),
    ]);
    ['full1', 'full2', 'full3', 'noName', 'emoji', 'manyEmails', 'longNotes', 'stays', 'edited', 'deleted', 'moved', 'both', 'supplierOnly', 'ungrouped'].forEach(
      (k, i) => (ids[k] = seeded[i]!),
    );
    ids.clients = clients;
    ids.suppliers = suppliers;
  });

  afterAll(async () => {
    await probe?.close();
    await stack?.stop();
  });

  it('connects with OAuth and PKCE, lists the groups, and refuses a bad configuration with 400', async () => {
    const account = await user.connect('google', EMAIL);
    accountId = account.id;
    expect(account).toMatchObject({ provider: 'google', email: EMAIL, status: 'connected' });
    // Tokens never leave the service.
    expect(JSON.stringify(account)).not.toMatch(/token/i);

    const groups = await user.expectOk<{ id: string; name: string; kind: string }[]>(user.accounts('GET', `/accounts/${accountId}/sync-groups`));
    expect(groups).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: 'contactGroups/myContacts', kind: 'system' }),
      expect.objectContaining({ id: ids.clients, name: 'Clients', kind: 'user' }),
      expect.objectContaining({ id: ids.suppliers, name: 'Suppliers', kind: 'user' }),
    ]));

    const bad = await user.accounts<{ message: string[] }>('PUT', `/accounts/${accountId}/sync-config`, { groupId: ids.clients, direction: 'sideways', visibility: 'owner_only', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/direction must be one of: one_way, two_way/), expect.stringMatching(/extra/)]));
    const unknownGroup = await user.accounts<{ message: string }>('PUT', `/accounts/${accountId}/sync-config`, { groupId: 'contactGroups/nope', direction: 'one_way', visibility: 'owner_only' });
    expect(unknownGroup.status).toBe(400);
    expect(unknownGroup.body.message).toMatch(/not a group of this account/);
  });

  it('full sync brings exactly the configured group, with every field right', async () => {
    await user.expectOk(user.accounts('PUT', `/accounts/${accountId}/sync-config`, { groupId: ids.clients, direction: 'one_way', visibility: 'owner_only' }));
    await user.expectOk(user.accounts('POST', `/accounts/${accountId}/sync/start`), 202);

    const expectedNames = [
      'Rear Adm. Grace1 Brewster Hopper PhD', 'Rear Adm. Grace2 Brewster Hopper PhD', '+49 30 123456', 'Zoë 🦄 Łukasiewicz-渡辺',
      'Many Mails', 'Long Notes', 'Stays Simple', 'Edited Simple', 'Deleted Simple', 'Moved Simple', 'Both Simple',
    ];
    const persons = await eventually(async () => {
      const all = await user.allPersons();
      expect(all.map((p) => p.name).sort()).toEqual([...expectedNames].sort());
      return all;
    });
    const named = byName(persons);

    for (const n of [1, 2]) {
      const person = named.get(`Rear Adm. Grace${n} Brewster Hopper PhD`)!;
      const { organization, ...expected } = expectedFullPerson(n);
      expect(person).toMatchObject({ ...expected, ownerUserId: user.userId, visibility: 'owner_only' });
      expect(person.organization).toMatchObject(organization);
    }
    // One organization record, shared by both people of the same company.
    expect(named.get('Rear Adm. Grace1 Brewster Hopper PhD')!.organization!.id).toBe(named.get('Rear Adm. Grace2 Brewster Hopper PhD')!.organization!.id);
    const orgs = await user.expectOk<{ name: string }[]>(user.contacts('GET', '/organizations'));
    expect(orgs).toEqual([expect.objectContaining({ name: 'US Navy' })]);

    expect(named.get('+49 30 123456')).toMatchObject({ firstName: null, lastName: null, phones: [{ value: '+49 30 123456', label: 'mobile', primary: true }] });
    expect(named.get('Zoë 🦄 Łukasiewicz-渡辺')).toMatchObject({ firstName: 'Zoë 🦄', lastName: 'Łukasiewicz-渡辺', emails: [{ value: 'zoe@ünicode.example', primary: true }] });
    expect(named.get('Many Mails')!.emails.map((e) => e.value)).toEqual(Array.from({ length: 20 }, (_, i) => `many${i}@mails.example`));
    expect(named.get('Long Notes')!.customFields.notes).toBe(LONG_NOTES);

    const fields = await user.expectOk<{ key: string }[]>(user.contacts('GET', '/custom-fields'));
    expect(fields.map((f) => f.key).sort()).toEqual(['birthday', 'instant_messengers', 'job_title', 'notes', 'postal_address']);

    const account = await eventually(async () => {
      const a = await user.expectOk<{ dashboard: Record<string, unknown> }>(user.accounts('GET', `/accounts/${accountId}`));
      expect(a.dashboard).toMatchObject({ lastRunStatus: 'succeeded', lastRunKind: 'full', contactsInSync: expectedNames.length });
      return a;
    });
    expect(account.dashboard.recentUpserts).toBe(expectedNames.length);
  });

  it('incremental refresh follows edits, additions, deletions and group moves', async () => {
    const before = byName(await user.allPersons());
    const pulls = await admin.requestCount(EMAIL, 'people.connections.list');
    await admin.patchPerson(EMAIL, ids.edited!, { names: [{ givenName: 'Edited', familyName: 'Again', displayName: 'Edited Again' }], phoneNumbers: [{ value: '+1 555 0000', type: 'work' }] });
    const [added] = await admin.seedPeople(EMAIL, [simplePerson('Added', [ids.clients!])]);
    ids.added = added!;
    await admin.deletePerson(EMAIL, ids.deleted!);
    await admin.patchPerson(EMAIL, ids.moved!, { groups: [ids.suppliers!] });
    await admin.patchPerson(EMAIL, ids.supplierOnly!, { names: [{ givenName: 'Still', familyName: 'Outside', displayName: 'Still Outside' }] });
    // A new provider photo must not replace the photo the person already has.
    await admin.patchPerson(EMAIL, ids.full2!, { photos: [{ url: 'https://photos.example/new.jpg' }], organizations: [{ name: 'US Navy', title: 'Commodore' }] });

    await refreshAndWait(pulls + 1);
    const after = await eventually(async () => {
      const persons = byName(await user.allPersons());
      expect([...persons.keys()]).toEqual(expect.arrayContaining(['Edited Again', 'Added Simple']));
      expect(persons.has('Edited Simple')).toBe(false);
      expect(persons.has('Deleted Simple')).toBe(false);
      expect(persons.has('Moved Simple')).toBe(false);
      return persons;
    });
    expect(after.has('Still Outside')).toBe(false);
    expect(after.size).toBe(before.size - 2 + 1);
    // An edit updates the same person; it does not replace it.
    expect(after.get('Edited Again')).toMatchObject({ id: before.get('Edited Simple')!.id, phones: [{ value: '+1 555 0000', label: 'work', primary: true }] });
    expect(after.get('Stays Simple')!.id).toBe(before.get('Stays Simple')!.id);
    expect(after.get('Rear Adm. Grace2 Brewster Hopper PhD')).toMatchObject({ photoUrl: 'https://photos.example/grace2.jpg', customFields: { job_title: 'Commodore' } });
    ids.movedPersonId = before.get('Moved Simple')!.id;
  });

  it('an expired sync token (410) leads to a full resync that converges without duplicates or losses', async () => {
    const before = byName(await user.allPersons());
    await admin.expireSyncTokens(EMAIL);
    // Changes made while the token is dead must still arrive.
    await admin.patchPerson(EMAIL, ids.stays!, { names: [{ givenName: 'Stays', familyName: 'Renamed', displayName: 'Stays Renamed' }] });
    await admin.deletePerson(EMAIL, ids.added!);
    const [late] = await admin.seedPeople(EMAIL, [simplePerson('Late', [ids.clients!])]);
    ids.late = late!;
    // Back into the synced group: the soft-deleted person comes back, not a new one.
    await admin.patchPerson(EMAIL, ids.moved!, { groups: [ids.clients!] });
    const pulls = await admin.requestCount(EMAIL, 'people.connections.list');

    await refreshAndWait(pulls + 2);
    const after = await eventually(async () => {
      const persons = await user.allPersons();
      const names = persons.map((p) => p.name);
      expect(names).toEqual(expect.arrayContaining(['Stays Renamed', 'Late Simple', 'Moved Simple']));
      expect(names).not.toContain('Added Simple');
      expect(names).not.toContain('Stays Simple');
      return persons;
    });
    // No duplicates: every name once; nobody lost: everyone else keeps their person id.
    const names = after.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(after).toHaveLength(before.size + 1);
    const afterByName = byName(after);
    expect(afterByName.get('Moved Simple')!.id).toBe(ids.movedPersonId);
    for (const [name, person] of before) {
      if (name === 'Added Simple') continue;
      const now = name === 'Stays Simple' ? afterByName.get('Stays Renamed') : afterByName.get(name);
      expect(now?.id).toBe(person.id);
    }
    await eventually(async () => {
      const a = await user.expectOk<{ dashboard: Record<string, unknown> }>(user.accounts('GET', `/accounts/${accountId}`));
      expect(a.dashboard).toMatchObject({ lastRunStatus: 'succeeded', lastRunKind: 'resync', contactsInSync: after.length });
    });
  });

  it('applies a redelivered or duplicated event once: the second delivery changes nothing', async () => {
    const messages = await probe.readUntil('providerContactChanges', (m) => m.some((x) => x.value.includes('Stays Renamed')));
    const original = messages.find((m) => m.value.includes('Stays Renamed'))!;
    const event = JSON.parse(original.value);
    expect(event.payload.contactHash).toBe(contactHash(event.payload.contact));
    const before = (await user.allPersons()).find((p) => p.name === 'Stays Renamed')!;
    const beforeAll = await user.allPersons();

    // Same event twice (redelivery), and the same change under a new event id (duplicate publish).
    await probe.send('providerContactChanges', [original, original, { key: original.key, value: JSON.stringify({ ...event, id: randomUUID() }) }]);
    // A marker change behind them on the same key proves the consumer has passed the duplicates.
    await admin.patchPerson(EMAIL, ids.stays!, { names: [{ givenName: 'Stays', familyName: 'Final', displayName: 'Stays Final' }] });
    const pulls = await admin.requestCount(EMAIL, 'people.connections.list');
    await refreshAndWait(pulls + 1);
    const after = await eventually(async () => {
      const persons = await user.allPersons();
      expect(persons.map((p) => p.name)).toContain('Stays Final');
      return persons;
    });
    expect(after).toHaveLength(beforeAll.length);
    expect(after.find((p) => p.name === 'Stays Final')!.id).toBe(before.id);
  });

  it('sends a poisoned event to the dead-letter topic with the reason and keeps consuming', async () => {
    await probe.send('providerContactChanges', [
      { key: `${accountId}:poison-1`, value: '{"this is": not json' },
      { key: `${accountId}:poison-2`, value: JSON.stringify({ id: randomUUID(), type: 'provider-contact.upserted', version: 1, occurredAt: new Date().toISOString(), companyId: user.companyId, accountId, payload: { provider: 'google' } }) },
    ]);
    const letters = await probe.readUntil('deadLetter', (m) => m.filter((x) => x.key?.includes('poison')).length >= 2);
    const reasons = letters.filter((l) => l.key?.includes('poison')).map((l) => JSON.parse(l.value));
    expect(reasons).toEqual(expect.arrayContaining([
      expect.objectContaining({ key: `${accountId}:poison-1`, reason: 'value is not valid JSON', value: '{"this is": not json' }),
      expect.objectContaining({ key: `${accountId}:poison-2`, reason: expect.stringMatching(/bad payload of "provider-contact.upserted": externalId: Required/) }),
    ]));

    await admin.patchPerson(EMAIL, ids.full1!, { organizations: [{ name: 'Harvard', title: 'Programmer' }] });
    const pulls = await admin.requestCount(EMAIL, 'people.connections.list');
    await refreshAndWait(pulls + 1);
    await eventually(async () => {
      const person = (await user.allPersons()).find((p) => p.name === 'Rear Adm. Grace1 Brewster Hopper PhD')!;
      expect(person.organization?.name).toBe('Harvard');
      expect(person.customFields.job_title).toBe('Programmer');
    });
  });
});
