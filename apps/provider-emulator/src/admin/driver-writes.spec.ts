import { emptyContact, type CanonicalContact } from '@contact-sync/contact-model';
import {
  GoogleContactsWriter,
  MicrosoftContactsWriter,
  ProviderConflictError,
  ProviderRequestError,
  type ContactProviderWriter,
  type ProviderContactVersion,
} from '@contact-sync/provider-adapters';
import { EmulatorHarness } from '../testing/emulator-harness';
import { MicrosoftTestClient, MS_SCOPES } from '../testing/microsoft-client';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

const EMAIL = 'writes@example.com';

/** A version as compared across calls: the provider's raw object differs between a write's answer and a read (Graph adds @odata fields). */
const seen = (v: ProviderContactVersion | null | undefined) => (v ? { externalId: v.externalId, etag: v.etag, contact: v.contact, updatedAt: v.updatedAt } : v);

/** One provider's side: a write token, a group/folder, and the admin API's view and edits (the user's). */
interface Side {
  writer: ContactProviderWriter;
  token: string;
  groupId: string;
  /** Edits the contact's job title at the provider, as the user would. */
  userEdit(externalId: string, jobTitle: string): Promise<void>;
  lastChangeBy(externalId: string): Promise<string>;
  exists(externalId: string): Promise<boolean>;
  inGroup(externalId: string): Promise<boolean>;
}

const ada: CanonicalContact = {
  ...emptyContact(),
  name: { displayName: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace' },
  emails: [{ value: 'ada@work.example', primary: true }],
  organization: { name: 'Analytical Engines' },
  jobTitle: 'Mathematician',
  birthday: { year: 1815, month: 12, day: 10 },
};

/** The production writers against the emulator, through the official clients. */
describe.each(['google', 'microsoft'] as const)('%s contact writer against the emulator', (provider) => {
  const h = EmulatorHarness.forSuite();
  const setUp = async (): Promise<Side> => {
    if (provider === 'google') {
      const { tokens } = await h.accountWithToken(EMAIL);
      const groupId = (await h.admin('POST', `/google/accounts/${EMAIL}/groups`, { name: 'Clients' })).body.resourceName as string;
      const person = (id: string) => `/google/accounts/${EMAIL}/people/${id.replace('people/', '')}`;
      return {
        writer: new GoogleContactsWriter(`${h.base}/`),
        token: tokens.access_token as string,
        groupId,
        userEdit: async (id, jobTitle) => void (await h.admin('PATCH', person(id), { organizations: [{ name: 'Analytical Engines', title: jobTitle }] })),
        lastChangeBy: async (id) => (await h.admin('GET', `${person(id)}/last-change`)).body.by,
        exists: async (id) => (await h.admin('GET', person(id))).status === 200,
        inGroup: async (id) =>
          ((await h.admin('GET', person(id))).body.memberships as { contactGroupMembership: { contactGroupResourceName: string } }[]).some(
            (m) => m.contactGroupMembership.contactGroupResourceName === groupId,
          ),
      };
    }
    const ms = new MicrosoftTestClient(h);
    const { tokens } = await ms.accountWithToken(EMAIL, [...MS_SCOPES.filter((s) => !s.endsWith('Contacts.Read')), 'https://graph.microsoft.com/Contacts.ReadWrite']);
    const groupId = (await h.admin('POST', `/microsoft/accounts/${EMAIL}/folders`, { displayName: 'Clients' })).body.id as string;
    const contact = (id: string) => `/microsoft/accounts/${EMAIL}/contacts/${encodeURIComponent(id)}`;
    return {
      writer: new MicrosoftContactsWriter(h.base),
      token: tokens.access_token,
      groupId,
      userEdit: async (id, jobTitle) => void (await h.admin('PATCH', contact(id), { jobTitle })),
      lastChangeBy: async (id) => (await h.admin('GET', `${contact(id)}/last-change`)).body.by,
      exists: async (id) => (await h.admin('GET', contact(id))).status === 200,
      inGroup: async (id) => (await h.admin('GET', contact(id))).body.parentFolderId === groupId,
    };
  };

  it('creates in the group, reads back the same contact, updates at the current version, deletes (twice is fine)', async () => {
    const side = await setUp();
    const created = await side.writer.create(side.token, side.groupId, ada);
    expect(created.contact).toEqual(ada);
    expect(await side.inGroup(created.externalId)).toBe(true);
    expect(await side.lastChangeBy(created.externalId)).toBe('api');
    expect(seen(await side.writer.read(side.token, created.externalId))).toEqual(seen(created));

    const promoted = { ...ada, jobTitle: 'Countess', emails: [...ada.emails, { value: 'ada@home.example' }] };
    const updated = await side.writer.update(side.token, created.externalId, created.etag, promoted);
    expect(updated.contact).toEqual(promoted);
    expect(updated.etag).not.toBe(created.etag);

    await side.writer.delete(side.token, created.externalId);
    expect(await side.exists(created.externalId)).toBe(false);
    await side.writer.delete(side.token, created.externalId);
    expect(await side.writer.read(side.token, created.externalId)).toBeNull();
  });

  it('refuses to write over a change the user made since the read: ProviderConflictError, and the user\'s value stays', async () => {
    const side = await setUp();
    const created = await side.writer.create(side.token, side.groupId, ada);
    await side.userEdit(created.externalId, 'Enchantress of Numbers');
    await expect(side.writer.update(side.token, created.externalId, created.etag, { ...ada, jobTitle: 'Countess' })).rejects.toBeInstanceOf(ProviderConflictError);
    const current = await side.writer.read(side.token, created.externalId);
    expect(current?.contact.jobTitle).toBe('Enchantress of Numbers');
    expect(await side.lastChangeBy(created.externalId)).toBe('admin');
    // Based on the version just read, the write goes through.
    const retried = await side.writer.update(side.token, created.externalId, current!.etag, { ...current!.contact, jobTitle: 'Countess' });
    expect(retried.contact.jobTitle).toBe('Countess');
  });

  it('an update based on the version the caller just read makes one request, the write; without it the writer reads first', async () => {
    const side = await setUp();
    const created = await side.writer.create(side.token, side.groupId, ada);
    const requests = async () => (await h.admin('GET', `/requests?account=${EMAIL}`)).body.total as number;
    const current = await side.writer.read(side.token, created.externalId);
    const before = await requests();
    const updated = await side.writer.update(side.token, created.externalId, current!.etag, { ...ada, jobTitle: 'Countess' }, current!);
    expect((await requests()) - before).toBe(1);
    expect(updated.contact.jobTitle).toBe('Countess');
    const again = await requests();
    await side.writer.update(side.token, created.externalId, updated.etag, { ...ada, jobTitle: 'Duchess' });
    expect((await requests()) - again).toBe(2);
  });

  if (provider === 'google') {
    it('a read gone stale before the write still meets Google\'s own etag check: ProviderConflictError, and the user\'s value stays', async () => {
      const side = await setUp();
      const created = await side.writer.create(side.token, side.groupId, ada);
      const current = await side.writer.read(side.token, created.externalId);
      await side.userEdit(created.externalId, 'Enchantress of Numbers');
      await expect(side.writer.update(side.token, created.externalId, current!.etag, { ...ada, jobTitle: 'Countess' }, current!)).rejects.toBeInstanceOf(ProviderConflictError);
      expect((await side.writer.read(side.token, created.externalId))?.contact.jobTitle).toBe('Enchantress of Numbers');
    });
  }

  it('reads and deletes several contacts in one batch call each (a contact already gone reads as null)', async () => {
    const side = await setUp();
    const [a, b, c] = await Promise.all(['Ada', 'Grace', 'Emmy'].map((n) => side.writer.create(side.token, side.groupId, { ...ada, name: { displayName: n } })));
    await side.writer.delete(side.token, b!.externalId);
    const read = await side.writer.readMany(side.token, [a!.externalId, b!.externalId, c!.externalId]);
    expect(read.map(seen)).toEqual([a, null, c].map(seen));
    expect(await side.writer.deleteMany(side.token, [a!.externalId, c!.externalId])).toEqual([null, null]);
    expect([await side.exists(a!.externalId), await side.exists(c!.externalId)]).toEqual([false, false]);
    // One already gone: Graph answers per contact (gone counts as deleted); Google refuses the whole call (the emulator's unconfirmed answer).
    const d = await side.writer.create(side.token, side.groupId, ada);
    const mixed = side.writer.deleteMany(side.token, [d.externalId, a!.externalId]);
    if (provider === 'microsoft') {
      expect(await mixed).toEqual([null, null]);
      expect(await side.exists(d.externalId)).toBe(false);
    } else {
      expect(await mixed.catch((e: unknown) => e)).toBeInstanceOf(ProviderRequestError);
      expect(await side.exists(d.externalId)).toBe(true);
    }
  });

  it('an update of a contact that is gone is a request error (404), not a silent create', async () => {
    const side = await setUp();
    const created = await side.writer.create(side.token, side.groupId, ada);
    await side.writer.delete(side.token, created.externalId);
    const gone = await side.writer.update(side.token, created.externalId, created.etag, ada).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ProviderRequestError);
    expect((gone as ProviderRequestError).status).toBe(404);
  });
});

describe('provider-specific write rules', () => {
  const h = EmulatorHarness.forSuite();

  it('Google: an update keeps what the CRM does not model (a further address added by the user)', async () => {
    const { tokens } = await h.accountWithToken(EMAIL);
    const writer = new GoogleContactsWriter(`${h.base}/`);
    const withHome: CanonicalContact = { ...ada, address: { city: 'London', label: 'home' } };
    const created = await writer.create(tokens.access_token as string, null, withHome);
    const id = created.externalId.replace('people/', '');
    await h.admin('PATCH', `/google/accounts/${EMAIL}/people/${id}`, { addresses: [{ type: 'home', city: 'London' }, { type: 'work', city: 'Cambridge' }] });
    const current = await writer.read(tokens.access_token as string, created.externalId);
    await writer.update(tokens.access_token as string, created.externalId, current!.etag, { ...withHome, jobTitle: 'Countess' });
    const stored = (await h.admin('GET', `/google/accounts/${EMAIL}/people/${id}`)).body;
    expect(stored.addresses.map((a: { city: string }) => a.city)).toEqual(['London', 'Cambridge']);
  });

  it('Microsoft: notes never leave; Outlook\'s e-mail limit is a request error (400), and a fitted contact goes through', async () => {
    const ms = new MicrosoftTestClient(h);
    const { tokens } = await ms.accountWithToken(EMAIL, [...MS_SCOPES.filter((s) => !s.endsWith('Contacts.Read')), 'https://graph.microsoft.com/Contacts.ReadWrite']);
    const writer = new MicrosoftContactsWriter(h.base);
    const created = await writer.create(tokens.access_token, null, { ...ada, notes: 'private CRM notes' });
    expect((await h.admin('GET', `/microsoft/accounts/${EMAIL}/contacts/${encodeURIComponent(created.externalId)}`)).body.personalNotes ?? null).toBeNull();
    const four = Array.from({ length: 4 }, (_, i) => ({ value: `a${i}@x.example` }));
    const refused = await writer.create(tokens.access_token, null, { ...ada, emails: four }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProviderRequestError);
    expect((refused as ProviderRequestError).status).toBe(400);
    // Fitted first, the write goes through; what Outlook cannot hold is listed, not lost.
    const fitted = writer.fit({ ...ada, emails: four });
    const written = await writer.create(tokens.access_token, null, fitted.contact);
    expect(written.contact.emails).toHaveLength(3);
    expect(fitted.notSynced).toEqual([{ field: 'emails', value: 'a3@x.example', reason: 'Outlook keeps at most 3 e-mail addresses' }]);
  });
});
