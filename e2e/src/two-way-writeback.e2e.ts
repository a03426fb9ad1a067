import { randomUUID } from 'node:crypto';
import type { CanonicalContact } from '@contact-sync/contact-model';
import { createEvent, type EventEnvelope } from '@contact-sync/events';
import { googleGroupIdsOf, googlePersonToContact, graphContactToContact } from '@contact-sync/provider-adapters';
import { CrmUser, DirectoryAdmin, EmulatorAdmin, eventually, KafkaProbe, MicrosoftEmulatorAdmin, startLocalStack, type LocalStack } from '@contact-sync/testing';

/**
 * CRM → provider on the real stack: contacts' outbox → Kafka → writeback → the provider emulator,
 * through the official clients, and the result back on the write-back topic. Accounts still refuses
 * two-way configurations until the whole path lands, so the sync is recorded the way accounts will:
 * a `sync.configured` event.
 */
jest.setTimeout(180_000);

type Result = EventEnvelope<'writeback.completed'>;

interface Side {
  provider: 'google' | 'microsoft';
  email: string;
  groupId: string;
  /** The provider's contacts in the group, as canonical contacts, with who made their last change. */
  contacts(): Promise<{ externalId: string; contact: CanonicalContact; by: string }[]>;
  userEdit(externalId: string, jobTitle: string): Promise<void>;
}

describe.each(['google', 'microsoft'] as const)('two-way write-back to %s', (provider) => {
  let stack: LocalStack;
  let probe: KafkaProbe;
  let owner: CrmUser;
  let side: Side;
  let accountId: string;

  const results = async (until: (r: Result[]) => boolean) => (await probe.readUntil('writebackResults', (m) => until(m.map((x) => JSON.parse(x.value) as Result)))).map((x) => JSON.parse(x.value) as Result);
  const atProvider = async (name: string) => (await side.contacts()).find((c) => c.contact.name.displayName === name || c.contact.name.givenName === name);

  beforeAll(async () => {
    stack = await startLocalStack();
    probe = new KafkaProbe(stack.infra.kafkaBrokers, stack.namespace);
    const company = `co-${randomUUID().slice(0, 8)}`;
    owner = new CrmUser(`u-${randomUUID().slice(0, 8)}`, company, { accounts: stack.accountsUrl, contacts: stack.contactsUrl }, stack.actorJwtSecret);
    const directory = new DirectoryAdmin(stack.contactsUrl, stack.internalApiToken);
    await directory.company(company, 'professional');
    await directory.user(company, owner.userId, { roleId: null, globalAdmin: false, permissions: { addPeople: true, addOrganizations: true } });
    const email = `${provider}-${randomUUID().slice(0, 6)}@two-way.example`;
    if (provider === 'google') {
      const admin = new EmulatorAdmin(stack.emulatorUrl);
      await admin.createAccount(email);
      const groupId = await admin.createGroup(email, 'Clients');
      side = {
        provider, email, groupId,
        contacts: async () => Promise.all((await admin.people(email)).filter((p) => googleGroupIdsOf(p as never).includes(groupId)).map(async (p) => ({
          externalId: String(p.resourceName),
          contact: googlePersonToContact(p as never),
          by: ((await fetch(`${stack.emulatorUrl}/admin/google/accounts/${email}/people/${String(p.resourceName).replace('people/', '')}/last-change`)).json() as Promise<{ by: string }>).then((b) => b.by) as unknown as string,
        }))).then(async (rows) => Promise.all(rows.map(async (r) => ({ ...r, by: await r.by })))),
        userEdit: (id, jobTitle) => admin.patchPerson(email, id, { organizations: [{ title: jobTitle }] }),
      };
    } else {
      const admin = new MicrosoftEmulatorAdmin(stack.emulatorUrl);
      await admin.createAccount(email);
      const groupId = await admin.createFolder(email, 'Clients');
      side = {
        provider, email, groupId,
        contacts: async () => Promise.all((await admin.contacts(email)).filter((c) => c.parentFolderId === groupId).map(async (c) => ({
          externalId: String(c.id),
          contact: graphContactToContact(c as never),
          by: ((await (await fetch(`${stack.emulatorUrl}/admin/microsoft/accounts/${email}/contacts/${encodeURIComponent(String(c.id))}/last-change`)).json()) as { by: string }).by,
        }))),
        userEdit: async (id, jobTitle) => void (await admin.patchContact(email, id, { jobTitle })),
      };
    }
    accountId = (await owner.connect(provider, email)).id;
    const configured = createEvent('sync.configured', { companyId: company, accountId }, {
      configVersion: 1,
      config: { provider, ownerUserId: owner.userId, groupId: side.groupId, groupName: 'Clients', direction: 'two_way', visibility: 'entire_company' },
    });
    await probe.send('accountLifecycle', [{ key: accountId, value: JSON.stringify(configured) }]);
    await probe.untilConsumed('accountLifecycle');
  });
  afterAll(async () => {
    await probe?.close();
    await stack?.stop();
  });

  it('a person created in the CRM appears in the synced group with every synced field; edits and the delete follow', async () => {
    const person = await owner.expectOk<{ id: string }>(owner.contacts('POST', '/persons', {
      name: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace',
      emails: [{ value: 'ada@work.example', primary: true }], phones: [{ value: '+44 20 7946 0000', label: 'mobile', primary: true }],
      organization: 'Analytical Engines', jobTitle: 'Analyst', birthday: '1815-12-10', notes: 'CRM notes',
    }), 201);
    const created = await eventually(async () => {
      const c = await atProvider('Ada Lovelace');
      if (!c) throw new Error('not at the provider yet');
      return c;
    }, { timeoutMs: 60_000 });
    expect(created.contact).toMatchObject({
      name: { displayName: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace' },
      emails: [expect.objectContaining({ value: 'ada@work.example' })],
      phones: [expect.objectContaining({ value: '+44 20 7946 0000' })],
      organization: { name: 'Analytical Engines' }, jobTitle: 'Analyst', birthday: { year: 1815, month: 12, day: 10 },
    });
    // Microsoft notes never leave; Google takes them.
    if (provider === 'microsoft') expect(created.contact).not.toHaveProperty('notes');
    else expect(created.contact.notes).toBe('CRM notes');
    expect(created.by).toBe('api');

    await owner.expectOk(owner.contacts('PATCH', `/persons/${person.id}`, { jobTitle: 'Countess' }));
    await eventually(async () => expect((await atProvider('Ada Lovelace'))?.contact.jobTitle).toBe('Countess'), { timeoutMs: 60_000 });

    expect((await owner.contacts('DELETE', `/persons/${person.id}`)).status).toBe(204);
    await eventually(async () => expect(await atProvider('Ada Lovelace')).toBeUndefined(), { timeoutMs: 60_000 });
    const mine = (await results((r) => r.some((e) => e.payload.personId === person.id && e.payload.outcome === 'deleted'))).filter((e) => e.payload.personId === person.id);
    expect(mine.map((e) => e.payload.outcome)).toEqual(expect.arrayContaining(['created', 'updated', 'deleted']));
    expect(mine.find((e) => e.payload.outcome === 'created')).toMatchObject({ accountId, payload: { externalId: created.externalId, error: null } });
  });

  it('a provider outage during the write is retried; what the provider cannot hold is reported, not lost', async () => {
    const admin = provider === 'google' ? new EmulatorAdmin(stack.emulatorUrl) : new MicrosoftEmulatorAdmin(stack.emulatorUrl);
    await admin.fault({ status: 503, count: 2, account: side.email, operation: provider === 'google' ? 'people.createContact' : 'graph.contacts.create' });
    const emails = Array.from({ length: 4 }, (_, i) => ({ value: `mary${i}@x.example`, ...(i === 0 ? { primary: true } : {}) }));
    const person = await owner.expectOk<{ id: string }>(owner.contacts('POST', '/persons', { name: 'Mary Somerville', emails }), 201);
    const created = await eventually(async () => {
      const c = await atProvider('Mary Somerville');
      if (!c) throw new Error('not at the provider yet');
      return c;
    }, { timeoutMs: 60_000 });
    const result = (await results((r) => r.some((e) => e.payload.personId === person.id))).find((e) => e.payload.personId === person.id);
    expect(result?.payload).toMatchObject({ outcome: 'created', externalId: created.externalId, error: null });
    if (provider === 'microsoft') {
      expect(created.contact.emails.map((e) => e.value)).toEqual(['mary0@x.example', 'mary1@x.example', 'mary2@x.example']);
      expect(result?.payload.notSynced).toEqual([{ field: 'emails', value: 'mary3@x.example', reason: 'Outlook keeps at most 3 e-mail addresses' }]);
    } else {
      expect(created.contact.emails).toHaveLength(4);
      expect(result?.payload.notSynced).toEqual([]);
    }
    // The CRM keeps all four, and the fault really struck.
    expect((await owner.expectOk<{ emails: unknown[] }>(owner.contacts('GET', `/persons/${person.id}`))).emails).toHaveLength(4);
    expect(await admin.pendingFaults(side.email)).toEqual([]);
  });

  it('different fields edited on both sides are both kept at the provider (merged against the base)', async () => {
    const person = await owner.expectOk<{ id: string }>(owner.contacts('POST', '/persons', { name: 'Grace Hopper', firstName: 'Grace', lastName: 'Hopper', jobTitle: 'Officer' }), 201);
    const created = await eventually(async () => {
      const c = await atProvider('Grace Hopper');
      if (!c) throw new Error('not at the provider yet');
      return c;
    }, { timeoutMs: 60_000 });
    await side.userEdit(created.externalId, 'Rear Admiral');
    await owner.expectOk(owner.contacts('PATCH', `/persons/${person.id}`, { emails: [{ value: 'grace@navy.example', primary: true }] }));
    await eventually(async () => {
      const c = await atProvider('Grace Hopper');
      expect(c?.contact.emails.map((e) => e.value)).toEqual(['grace@navy.example']);
      expect(c?.contact.jobTitle).toBe('Rear Admiral');
    }, { timeoutMs: 60_000 });
  });
});
