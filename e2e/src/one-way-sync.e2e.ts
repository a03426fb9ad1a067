import { randomUUID } from 'node:crypto';
import { contactHash } from '@contact-sync/contact-model';
import { CrmUser, DirectoryAdmin, eventually, KafkaProbe, requireInfraEnv, startLocalStack, type LocalStack, type PersonView } from '@contact-sync/testing';
import { LONG_NOTES } from './fixtures/google-seed';
import { PHOTO_JPEG, PHOTO_LARGE_PNG, PHOTO_PNG, PHOTO_TOO_LARGE_JPEG } from './fixtures/photo-fixtures';
import { GoogleScenario } from './scenarios/google-scenario';
import { MicrosoftScenario } from './scenarios/microsoft-scenario';
import type { ProviderScenario } from './scenarios/provider-scenario';

/** The person view's photo: a reference and where contacts serves the bytes (never the bytes). */
type PhotoView = { hash: string; contentType: string; byteLength: number; url: string };
const photoOf = (p: PersonView | undefined) => (p as (PersonView & { photo?: PhotoView | null }) | undefined)?.photo ?? null;

/**
 * The whole one-way path on the real broker and database, once per provider: emulator → ingest →
 * Kafka → contacts, driven through the public APIs as the CRM would. Only the scenario (how to seed
 * and change the provider's address book, and what that must become) differs between providers.
 */
jest.setTimeout(180_000);

const SCENARIOS: [string, (emulatorUrl: string) => ProviderScenario][] = [
  ['Google', (url) => new GoogleScenario(url)],
  ['Microsoft', (url) => new MicrosoftScenario(url)],
];

describe.each(SCENARIOS)('%s one-way sync, end to end', (_label, makeScenario) => {
  let stack: LocalStack;
  let scenario: ProviderScenario;
  let probe: KafkaProbe;
  let user: CrmUser;
  let accountId: string;
  let groups: Record<'clients' | 'suppliers', string>;
  let movedPersonId: string;

  const byName = (persons: PersonView[]) => new Map(persons.map((p) => [p.name, p]));
  const pulls = () => scenario.admin.requestCount(scenario.email, scenario.pullOperation);

  async function refreshAndWait(expectedPulls: number, full = false): Promise<void> {
    await user.expectOk(user.accounts('POST', `/accounts/${accountId}/sync/refresh`, { full }), 202);
    await eventually(async () => {
      const runs = await pulls();
      if (runs < expectedPulls) throw new Error(`waiting for the provider pull (${runs} < ${expectedPulls})`);
    });
  }

  beforeAll(async () => {
    stack = await startLocalStack();
    scenario = makeScenario(stack.emulatorUrl);
    probe = new KafkaProbe(requireInfraEnv().kafkaBrokers, stack.namespace);
    user = new CrmUser(`u-${randomUUID().slice(0, 8)}`, `co-${randomUUID().slice(0, 8)}`, { accounts: stack.accountsUrl, contacts: stack.contactsUrl }, stack.actorJwtSecret);
    // The CRM core reports the user first: a Professional company (owner_only is offered) and both sync permissions.
    const directory = new DirectoryAdmin(stack.contactsUrl, stack.internalApiToken);
    await directory.company(user.companyId, 'professional');
    await directory.user(user.companyId, user.userId, { roleId: null, globalAdmin: false, permissions: { addPeople: true, addOrganizations: true } });
    groups = await scenario.setup();
  });

  afterAll(async () => {
    await probe?.close();
    await stack?.stop();
  });

  it('connects with OAuth and PKCE, lists the groups, and refuses a bad configuration with 400', async () => {
    const account = await user.connect(scenario.provider, scenario.email);
    accountId = account.id;
    expect(account).toMatchObject({ provider: scenario.provider, email: scenario.email, status: 'connected' });
    // Tokens never leave the service.
    expect(JSON.stringify(account)).not.toMatch(/token/i);

    const listed = await user.expectOk<{ id: string; name: string; kind: string }[]>(user.accounts('GET', `/accounts/${accountId}/sync-groups`));
    expect(listed).toEqual(expect.arrayContaining([
      expect.objectContaining({ ...(await scenario.systemGroup()), kind: 'system' }),
      expect.objectContaining({ id: groups.clients, name: 'Clients', kind: 'user' }),
      expect.objectContaining({ id: groups.suppliers, name: expect.stringMatching(/Suppliers$/), kind: 'user' }),
    ]));

    const bad = await user.accounts<{ message: string[] }>('PUT', `/accounts/${accountId}/sync-config`, { groupId: groups.clients, direction: 'sideways', visibility: 'owner_only', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/direction must be one of: one_way, two_way/), expect.stringMatching(/extra/)]));
    const unknownGroup = await user.accounts<{ message: string }>('PUT', `/accounts/${accountId}/sync-config`, { groupId: scenario.unknownGroupId, direction: 'one_way', visibility: 'owner_only' });
    expect(unknownGroup.status).toBe(400);
    expect(unknownGroup.body.message).toMatch(/not a group of this account/);
  });

  it('full sync brings exactly the configured group, with every field right', async () => {
    await user.expectOk(user.accounts('PUT', `/accounts/${accountId}/sync-config`, { groupId: groups.clients, direction: 'one_way', visibility: 'owner_only' }));
    await user.expectOk(user.accounts('POST', `/accounts/${accountId}/sync/start`), 202);

    const expectedNames = [
      'Rear Adm. Grace1 Brewster Hopper PhD', 'Rear Adm. Grace2 Brewster Hopper PhD', '+49 30 123456', 'Zoë 🦄 Łukasiewicz-渡辺',
      'Many Mails', 'Long Notes', 'Stays Simple', 'Edited Simple', 'Deleted Simple', 'Moved Simple', ...(scenario.multiGroup ? ['Both Simple'] : []),
    ];
    const persons = await eventually(async () => {
      const all = await user.allPersons();
      expect(all.map((p) => p.name).sort()).toEqual([...expectedNames].sort());
      return all;
    });
    const named = byName(persons);

    for (const n of [1, 2]) {
      const person = named.get(`Rear Adm. Grace${n} Brewster Hopper PhD`)!;
      const { organization, ...expected } = scenario.expectedFullPerson(n);
      expect(person).toMatchObject({ ...expected, ownerUserId: user.userId, visibility: 'owner_only' });
      expect(person.organization).toMatchObject(organization);
      if (!scenario.syncsNotes) expect(person.customFields).not.toHaveProperty('notes');
    }
    // One organization record, shared by both people of the same company.
    expect(named.get('Rear Adm. Grace1 Brewster Hopper PhD')!.organization!.id).toBe(named.get('Rear Adm. Grace2 Brewster Hopper PhD')!.organization!.id);
    const orgs = await user.expectOk<{ name: string }[]>(user.contacts('GET', '/organizations'));
    expect(orgs).toEqual([expect.objectContaining({ name: 'US Navy' })]);

    expect(named.get('+49 30 123456')).toMatchObject(scenario.expectedNoName);
    expect(named.get('Zoë 🦄 Łukasiewicz-渡辺')).toMatchObject({ firstName: 'Zoë 🦄', lastName: 'Łukasiewicz-渡辺', emails: [{ value: 'zoe@ünicode.example', primary: true }] });
    expect(named.get('Many Mails')!.emails.map((e) => e.value)).toEqual(Array.from({ length: 20 }, (_, i) => `many${i}@mails.example`));
    if (scenario.syncsNotes) expect(named.get('Long Notes')!.customFields.notes).toBe(LONG_NOTES);
    else expect(named.get('Long Notes')!.customFields).not.toHaveProperty('notes');

    const fields = await user.expectOk<{ key: string }[]>(user.contacts('GET', '/custom-fields'));
    expect(fields.map((f) => f.key).sort()).toEqual(['birthday', 'instant_messengers', 'job_title', 'notes', 'postal_address']);

    // The dashboard says synced only once contacts holds what the provider has: both totals, from each side.
    await eventually(async () => {
      const a = await user.expectOk<{ dashboard: Record<string, unknown> }>(user.accounts('GET', `/accounts/${accountId}`));
      expect(a.dashboard).toMatchObject({
        state: 'synced',
        lastRun: expect.objectContaining({ status: 'succeeded', kind: 'full' }),
        totals: { provider: expectedNames.length, crm: expectedNames.length, difference: { quarantined: 0, deadLettered: 0, ownershipMoved: 0, deletedInCrm: 0, awaitingDeletionConfirmation: 0, writtenNotYetListed: 0, unexplained: 0 } },
        activity: expect.objectContaining({ lastRun: expect.objectContaining({ added: expectedNames.length, updated: 0, deleted: 0 }) }),
        needsAttention: null,
      });
      // The account list shows the same live figures as the detail, not a stored copy.
      const listed = await user.expectOk<{ id: string; dashboard: Record<string, unknown> }[]>(user.accounts('GET', '/accounts'));
      expect(listed.find((l) => l.id === accountId)?.dashboard).toEqual(a.dashboard);
    });
  });

  it('keeps photo bytes out of events and person lists, and serves the seeded bytes by reference', async () => {
    const persons = await user.allPersons();
    const listed = JSON.stringify(persons);
    for (const fixture of [PHOTO_PNG, PHOTO_JPEG, PHOTO_LARGE_PNG]) expect(listed).not.toContain(fixture.base64.slice(0, 200));
    expect(listed).not.toContain('data:image/');
    const graces = persons.filter((p) => /^Rear Adm\. Grace[12] /.test(p.name));
    expect(graces).toHaveLength(2);
    for (const person of graces) {
      const photo = photoOf(person);
      expect(photo).toMatchObject({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), byteLength: expect.any(Number), url: expect.any(String) });
      const res = await fetch(`${stack.contactsUrl}/persons/${encodeURIComponent(person.id)}/photo`, { headers: { authorization: `Bearer ${user.actorToken}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(photo!.contentType);
      const served = Buffer.from(await res.arrayBuffer());
      const seeded = [PHOTO_PNG, PHOTO_JPEG].find((f) => f.sha256 === photo!.hash);
      expect(seeded).toBeDefined();
      expect(served.equals(seeded!.bytes)).toBe(true);
      expect(served.length).toBeGreaterThanOrEqual(50 * 1024);
    }
    // Events carry the reference only: no message on the change topic holds photo bytes.
    const messages = await probe.readUntil('providerContactChanges', (m) => m.some((x) => x.value.includes('Grace1')));
    expect(messages.every((m) => !m.value.includes('data:image/') && !m.value.includes(PHOTO_PNG.base64.slice(0, 200)) && !m.value.includes(PHOTO_JPEG.base64.slice(0, 200)))).toBe(true);
    expect(Math.max(...messages.map((m) => m.value.length))).toBeLessThan(50 * 1024);
  });

  it('incremental refresh follows edits, additions, deletions and group moves', async () => {
    const before = byName(await user.allPersons());
    const pullsBefore = await pulls();
    await scenario.rename('edited', 'Edited', 'Again');
    await scenario.setWorkPhone('edited', '+1 555 0000');
    await scenario.addSimple('added', 'Added', 'clients');
    await scenario.remove('deleted');
    await scenario.moveTo('moved', 'suppliers');
    await scenario.rename('supplierOnly', 'Still', 'Outside');
    // A new provider photo must not replace the photo the person already has.
    await scenario.changePhotoAndTitle('full2', 'Commodore');

    await refreshAndWait(pullsBefore + 1);
    const after = await eventually(async () => {
      const persons = byName(await user.allPersons());
      expect([...persons.keys()]).toEqual(expect.arrayContaining(['Edited Again', 'Added Simple']));
      expect(persons.has('Edited Simple')).toBe(false);
      expect(persons.has('Deleted Simple')).toBe(false);
      expect(persons.has('Moved Simple')).toBe(false);
      expect(persons.get('Rear Adm. Grace2 Brewster Hopper PhD')!.customFields.job_title).toBe('Commodore');
      return persons;
    });
    expect(after.has('Still Outside')).toBe(false);
    expect(after.size).toBe(before.size - 2 + 1);
    // An edit updates the same person; it does not replace it.
    expect(after.get('Edited Again')).toMatchObject({ id: before.get('Edited Simple')!.id, phones: [{ value: '+1 555 0000', label: 'work', primary: true }] });
    expect(after.get('Stays Simple')!.id).toBe(before.get('Stays Simple')!.id);
    expect(photoOf(after.get('Rear Adm. Grace2 Brewster Hopper PhD'))?.hash).toBe(photoOf(before.get('Rear Adm. Grace2 Brewster Hopper PhD'))?.hash);
    movedPersonId = before.get('Moved Simple')!.id;
  });

  it('a provider photo the CRM cannot store is listed on the dashboard with why; the contact syncs, and the list clears once the photo is fixed', async () => {
    const zoe = 'Zoë 🦄 Łukasiewicz-渡辺';
    await scenario.setPhoto('emoji', PHOTO_TOO_LARGE_JPEG);
    await refreshAndWait((await pulls()) + 1);
    const listed = await eventually(async () => {
      const a = await user.expectOk<{ dashboard: Record<string, unknown> & { photosNotSynced: { count: number; samples: { name: string; reason: string }[] } } }>(user.accounts('GET', `/accounts/${accountId}`));
      expect(a.dashboard).toMatchObject({ state: 'synced', photosNotSynced: { count: 1, samples: [{ name: zoe, reason: expect.stringMatching(/^larger than \d+ bytes$/) }] } });
      return a.dashboard;
    });
    expect(listed.needsAttention).toMatchObject({ code: 'photos_not_synced', message: expect.stringContaining(zoe) });
    expect(photoOf((await user.allPersons()).find((p) => p.name === zoe))).toBeNull();

    await scenario.setPhoto('emoji', PHOTO_PNG);
    await refreshAndWait((await pulls()) + 1);
    await eventually(async () => {
      const a = await user.expectOk<{ dashboard: Record<string, unknown> }>(user.accounts('GET', `/accounts/${accountId}`));
      expect(a.dashboard).toMatchObject({ state: 'synced', photosNotSynced: { count: 0, samples: [] }, needsAttention: null });
      expect(photoOf((await user.allPersons()).find((p) => p.name === zoe))?.hash).toBe(PHOTO_PNG.sha256);
    });
  });

  it('an expired sync cursor (410) leads to a full resync that converges without duplicates or losses', async () => {
    const before = byName(await user.allPersons());
    await scenario.expireCursors();
    // Changes made while the cursor is dead must still arrive.
    await scenario.rename('stays', 'Stays', 'Renamed');
    await scenario.remove('added');
    await scenario.addSimple('late', 'Late', 'clients');
    // Back into the synced group: the soft-deleted person comes back, not a new one.
    await scenario.moveTo('moved', 'clients');
    const pullsBefore = await pulls();

    await refreshAndWait(pullsBefore + 2);
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
    expect(afterByName.get('Moved Simple')!.id).toBe(movedPersonId);
    for (const [name, person] of before) {
      if (name === 'Added Simple') continue;
      const now = name === 'Stays Simple' ? afterByName.get('Stays Renamed') : afterByName.get(name);
      expect(now?.id).toBe(person.id);
    }
    await eventually(async () => {
      const a = await user.expectOk<{ dashboard: Record<string, unknown> }>(user.accounts('GET', `/accounts/${accountId}`));
      expect(a.dashboard).toMatchObject({
        state: 'synced',
        lastRun: expect.objectContaining({ status: 'succeeded', kind: 'resync' }),
        totals: expect.objectContaining({ provider: after.length, crm: after.length }),
      });
    });
  });

  it('applies a redelivered or duplicated event once: the second delivery changes nothing', async () => {
    const messages = await probe.readUntil('providerContactChanges', (m) => m.some((x) => x.value.includes('Stays Renamed')));
    const original = messages.find((m) => m.value.includes('Stays Renamed'))!;
    const event = JSON.parse(original.value);
    expect(event.payload.contactHash).toBe(contactHash(event.payload.contact));
    if (!scenario.syncsNotes) expect(messages.some((m) => /Private notes|Lorem ipsum/.test(m.value))).toBe(false);
    const before = (await user.allPersons()).find((p) => p.name === 'Stays Renamed')!;
    const beforeAll = await user.allPersons();

    // Same event twice (redelivery), and the same change under a new event id (duplicate publish).
    await probe.send('providerContactChanges', [original, original, { key: original.key, value: JSON.stringify({ ...event, id: randomUUID() }) }]);
    // A marker change behind them on the same key proves the consumer has passed the duplicates.
    await scenario.rename('stays', 'Stays', 'Final');
    await refreshAndWait((await pulls()) + 1);
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
      { key: `${accountId}:poison-2`, value: JSON.stringify({ id: randomUUID(), type: 'provider-contact.upserted', version: 1, occurredAt: new Date().toISOString(), companyId: user.companyId, accountId, payload: { provider: scenario.provider } }) },
    ]);
    const letters = await probe.readUntil('deadLetter', (m) => m.filter((x) => x.key?.includes('poison')).length >= 2);
    const reasons = letters.filter((l) => l.key?.includes('poison')).map((l) => JSON.parse(l.value));
    expect(reasons).toEqual(expect.arrayContaining([
      expect.objectContaining({ key: `${accountId}:poison-1`, reason: 'value is not valid JSON', value: '{"this is": not json' }),
      expect.objectContaining({ key: `${accountId}:poison-2`, reason: expect.stringMatching(/bad payload of "provider-contact.upserted": externalId: Required/) }),
    ]));

    await scenario.changeCompany('full1', 'Harvard', 'Programmer');
    await refreshAndWait((await pulls()) + 1);
    await eventually(async () => {
      const person = (await user.allPersons()).find((p) => p.name === 'Rear Adm. Grace1 Brewster Hopper PhD')!;
      expect(person.organization?.name).toBe('Harvard');
      expect(person.customFields.job_title).toBe('Programmer');
    });
  });
});
