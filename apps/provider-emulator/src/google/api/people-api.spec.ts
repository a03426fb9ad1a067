import { GoogleStore } from '../google-store';
import { EmulatorHarness, rejectionOf } from '../../testing/emulator-harness';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

const EMAIL = 'tester@example.com';
const EXPIRED_BODY = {
  error: {
    code: 410,
    message: 'Sync token is expired. Clear local cache and retry call without the sync token.',
    status: 'FAILED_PRECONDITION',
    details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'EXPIRED_SYNC_TOKEN', domain: 'people.googleapis.com' }],
  },
};

/** The People API emulation through the real googleapis client, only its rootUrl changed. */
describe('People API (people.connections.list, people.get) through googleapis', () => {
  const h = EmulatorHarness.forSuite();
  const seed = async (people: Record<string, unknown>[], email = EMAIL) =>
    (await h.admin<{ resourceNames: string[] }>('POST', `/google/accounts/${email}/people`, { people })).body.resourceNames;
  const id = (resourceName: string) => resourceName.replace('people/', '');

  it('pages 2,500 persons with pageSize 1000; the sync token comes on the last page only', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    await seed(Array.from({ length: 2500 }, (_, i) => ({ names: [{ givenName: `P${i}` }], emailAddresses: [{ value: `p${i}@x.example` }] })));

    const { persons, pages, nextSyncToken } = await h.listAll(api, { personFields: 'names,emailAddresses', pageSize: 1000, requestSyncToken: true });

    expect(pages.map((p) => p.connections?.length)).toEqual([1000, 1000, 500]);
    expect(pages.map((p) => Boolean(p.nextSyncToken))).toEqual([false, false, true]);
    expect(pages.every((p) => p.totalItems === 2500 && p.totalPeople === 2500)).toBe(true);
    expect(new Set(persons.map((p) => p.resourceName)).size).toBe(2500);
    expect(persons.every((p) => /^people\/c\d+$/.test(p.resourceName ?? ''))).toBe(true);
    expect(nextSyncToken).toEqual(expect.any(String));
  });

  it('returns only the masked fields (plus resourceName and etag) in Google shapes', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const group = (await h.admin('POST', `/google/accounts/${EMAIL}/groups`, { name: 'Clients' })).body.resourceName;
    const [rn] = await seed([
      {
        groups: ['Clients'],
        names: [{ givenName: 'Ada', familyName: 'Lovelace' }],
        emailAddresses: [{ value: 'ada@home.example', type: 'home' }, { value: 'ada@work.example', type: 'work', metadata: { primary: true } }],
        phoneNumbers: [{ value: '+44 20 7946 0018', type: 'mobile' }],
        birthdays: [{ date: { month: 12, day: 10 } }],
      },
    ]);

    const onlyNames = (await h.listAll(api, { personFields: 'names' })).persons[0]!;
    expect(Object.keys(onlyNames).sort()).toEqual(['etag', 'names', 'resourceName']);
    expect(onlyNames.names![0]).toMatchObject({ givenName: 'Ada', familyName: 'Lovelace', displayName: 'Ada Lovelace', displayNameLastFirst: 'Lovelace, Ada' });

    const full = (await h.listAll(api, { personFields: 'emailAddresses,phoneNumbers,birthdays,memberships,metadata,photos' })).persons[0]!;
    expect(full.names).toBeUndefined();
    const sourceId = BigInt(id(rn!).slice(1)).toString(16);
    expect(full.metadata).toEqual({ sources: [{ type: 'CONTACT', id: sourceId, etag: expect.any(String), updateTime: expect.any(String) }], objectType: 'PERSON' });
    expect(full.emailAddresses).toEqual([
      { metadata: { source: { type: 'CONTACT', id: sourceId } }, value: 'ada@home.example', type: 'home', formattedType: 'Home' },
      { metadata: { primary: true, sourcePrimary: true, source: { type: 'CONTACT', id: sourceId } }, value: 'ada@work.example', type: 'work', formattedType: 'Work' },
    ]);
    expect(full.phoneNumbers![0]).toMatchObject({ value: '+44 20 7946 0018', canonicalForm: '+442079460018', formattedType: 'Mobile' });
    expect(full.birthdays![0]).toMatchObject({ date: { month: 12, day: 10 } });
    expect(full.memberships!.map((m) => m.contactGroupMembership)).toEqual([
      { contactGroupId: 'myContacts', contactGroupResourceName: 'contactGroups/myContacts' },
      { contactGroupId: group.replace('contactGroups/', ''), contactGroupResourceName: group },
    ]);
    // A contact without a photo gets Google's generated avatar, flagged default.
    expect(full.photos).toEqual([expect.objectContaining({ default: true, url: expect.stringMatching(/^https:\/\//) })]);

    const got = await api.people.get({ resourceName: rn!, personFields: 'names' });
    expect(Object.keys(got.data).sort()).toEqual(['etag', 'names', 'resourceName']);
    const me = await api.people.get({ resourceName: 'people/me', personFields: 'emailAddresses' });
    expect(me.data.emailAddresses![0]!.value).toBe(EMAIL);
    const missing = await rejectionOf(api.people.get({ resourceName: 'people/c1', personFields: 'names' }, { retry: false }));
    expect(missing.status).toBe(404);
    expect(missing.response.data.error.status).toBe('NOT_FOUND');
  });

  it('refuses a missing or unknown personFields, a bad pageSize and a page token reused with other parameters', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    await seed([{ names: [{ givenName: 'A' }] }, { names: [{ givenName: 'B' }] }]);
    const list = (params: Record<string, unknown>) => api.people.connections.list({ resourceName: 'people/me', ...params }, { retry: false });

    for (const params of [{}, { personFields: 'names,shoeSize' }, { personFields: 'names', pageSize: 1001 }, { personFields: 'names', pageSize: -1 }]) {
      const err = await rejectionOf(list(params));
      expect(err.status).toBe(400);
      expect(err.response.data.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    }
    expect((await rejectionOf(list({}))).response.data.error.message).toMatch(/^personFields mask is required/);

    const first = await list({ personFields: 'names', pageSize: 1 });
    const pageToken = first.data.nextPageToken!;
    expect((await list({ personFields: 'names', pageSize: 1, pageToken })).data.connections).toHaveLength(1);
    // A page can be fetched again (a retry after a failure), but not with other parameters.
    expect((await list({ personFields: 'names', pageSize: 1, pageToken })).data.connections).toHaveLength(1);
    expect((await rejectionOf(list({ personFields: 'names,emailAddresses', pageSize: 1, pageToken }))).status).toBe(400);
    expect((await rejectionOf(list({ personFields: 'names', pageSize: 1, pageToken: 'forged' }))).status).toBe(400);
  });

  it('after a sync token returns exactly the edits, additions, deletions and membership changes, paged', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    await h.admin('POST', `/google/accounts/${EMAIL}/groups`, { name: 'Clients' });
    const suppliers = (await h.admin('POST', `/google/accounts/${EMAIL}/groups`, { name: 'Suppliers' })).body.resourceName;
    const [edited, deleted, moved, untouched] = await seed(['Edit', 'Delete', 'Move', 'Keep'].map((n) => ({ names: [{ givenName: n }], groups: ['Clients'] })));
    const fields = 'names,memberships,metadata';
    const full = await h.listAll(api, { personFields: fields, requestSyncToken: true });
    expect(full.persons).toHaveLength(4);
    const etagBefore = full.persons.find((p) => p.resourceName === edited)!.etag;

    expect((await h.admin('PATCH', `/google/accounts/${EMAIL}/people/${id(edited!)}`, { names: [{ givenName: 'Edited' }] })).status).toBe(200);
    expect((await h.admin('DELETE', `/google/accounts/${EMAIL}/people/${id(deleted!)}`)).status).toBe(204);
    expect((await h.admin('PATCH', `/google/accounts/${EMAIL}/people/${id(moved!)}`, { groups: ['Suppliers'] })).status).toBe(200);
    const [added] = await seed([{ names: [{ givenName: 'New' }] }]);

    const delta = await h.listAll(api, { personFields: fields, requestSyncToken: true, syncToken: full.nextSyncToken, pageSize: 3 });
    expect(delta.pages.map((p) => [p.connections?.length, Boolean(p.nextPageToken), Boolean(p.nextSyncToken)])).toEqual([
      [3, true, false],
      [1, false, true],
    ]);
    const byName = new Map(delta.persons.map((p) => [p.resourceName!, p]));
    expect([...byName.keys()].sort()).toEqual([edited, deleted, moved, added].sort());
    expect(byName.has(untouched!)).toBe(false);
    expect(byName.get(edited!)!.names![0]!.givenName).toBe('Edited');
    expect(byName.get(edited!)!.etag).not.toBe(etagBefore);
    expect(byName.get(deleted!)).toEqual({
      resourceName: deleted,
      etag: expect.any(String),
      metadata: { sources: [expect.objectContaining({ type: 'CONTACT' })], deleted: true, objectType: 'PERSON' },
    });
    expect(byName.get(moved!)!.memberships!.map((m) => m.contactGroupMembership!.contactGroupResourceName)).toEqual(['contactGroups/myContacts', suppliers]);
    expect(byName.get(added!)!.metadata!.deleted).toBeFalsy();

    const quiet = await h.listAll(api, { personFields: fields, requestSyncToken: true, syncToken: delta.nextSyncToken });
    expect(quiet.pages).toEqual([{ nextSyncToken: expect.any(String) }]);
    // Without requestSyncToken no new token is handed out.
    expect((await h.listAll(api, { personFields: fields, syncToken: quiet.nextSyncToken })).nextSyncToken).toBeUndefined();
  });

  it('answers an expired or an unknown sync token with 410 and the EXPIRED_SYNC_TOKEN body (or 400 when configured)', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const { nextSyncToken } = await h.listAll(api, { personFields: 'names', requestSyncToken: true });
    expect((await h.admin('POST', `/google/accounts/${EMAIL}/expire-sync-tokens`)).body).toEqual({ expired: 1 });

    for (const syncToken of [nextSyncToken, 'never-issued']) {
      const err = await rejectionOf(api.people.connections.list({ resourceName: 'people/me', personFields: 'names', syncToken }, { retry: false }));
      expect(err.constructor.name).toBe('GaxiosError');
      expect(err.status).toBe(410);
      expect(err.response.data).toEqual(EXPIRED_BODY);
    }

    // What production Google has been seen to send: the same body with HTTP 400.
    await h.admin('PUT', '/google/settings', { expiredSyncTokenHttpStatus: 400 });
    const err = await rejectionOf(api.people.connections.list({ resourceName: 'people/me', personFields: 'names', syncToken: 'x' }, { retry: false }));
    expect(err.status).toBe(400);
    expect(err.response.data).toEqual({ error: { ...EXPIRED_BODY.error, code: 400 } });
  });

  it('expires sync tokens 7 days after the full sync they descend from', async () => {
    const store = h.app.get(GoogleStore);
    let now = Date.parse('2030-01-01T00:00:00Z');
    store.clock = () => now;
    try {
      const { api } = await h.accountWithToken(EMAIL);
      const full = await h.listAll(api, { personFields: 'names', requestSyncToken: true });
      now += 6 * 86_400_000;
      const incremental = await h.listAll(api, { personFields: 'names', requestSyncToken: true, syncToken: full.nextSyncToken });
      now += 86_400_000 + 1000;
      const err = await rejectionOf(api.people.connections.list({ resourceName: 'people/me', personFields: 'names', syncToken: incremental.nextSyncToken }, { retry: false }));
      expect(err.status).toBe(410);
    } finally {
      store.clock = Date.now;
    }
  });
});
