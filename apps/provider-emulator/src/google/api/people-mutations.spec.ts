import { EmulatorHarness, rejectionOf } from '../../testing/emulator-harness';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

const EMAIL = 'writer@example.com';
const READONLY = 'https://www.googleapis.com/auth/contacts.readonly';

/** People API writes through the real googleapis client, only its rootUrl changed. */
describe('People API writes (createContact, updateContact, deleteContact) through googleapis', () => {
  const h = EmulatorHarness.forSuite();
  const lastChange = async (resourceName: string) =>
    (await h.admin('GET', `/google/accounts/${EMAIL}/people/${resourceName.replace('people/', '')}/last-change`)).body;

  it('creates a contact in the group its membership names; the next incremental sync brings our own write back', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const group = (await h.admin('POST', `/google/accounts/${EMAIL}/groups`, { name: 'Clients' })).body.resourceName as string;
    const { nextSyncToken } = await h.listAll(api, { personFields: 'names', requestSyncToken: true });

    const created = (
      await api.people.createContact(
        {
          personFields: 'names,emailAddresses,memberships,metadata',
          requestBody: {
            names: [{ givenName: 'Ada', familyName: 'Lovelace' }],
            emailAddresses: [{ value: 'ada@work.example', type: 'work' }],
            memberships: [{ contactGroupMembership: { contactGroupResourceName: group } }],
          },
        },
        { retry: false },
      )
    ).data;
    expect(created).toMatchObject({ resourceName: expect.stringMatching(/^people\/c\d+$/), etag: expect.any(String), names: [expect.objectContaining({ displayName: 'Ada Lovelace' })] });
    expect(created.memberships?.map((m) => m.contactGroupMembership?.contactGroupResourceName).sort()).toEqual([group, 'contactGroups/myContacts'].sort());
    expect(await lastChange(created.resourceName!)).toMatchObject({ by: 'api', operation: 'people.createContact', deleted: false });

    const again = await h.listAll(api, { personFields: 'names', syncToken: nextSyncToken, requestSyncToken: true });
    expect(again.persons.map((p) => [p.resourceName, p.etag])).toEqual([[created.resourceName, created.etag]]);
  });

  it('updates only the fields updatePersonFields names (a named field absent from the body is cleared) and moves the etag', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const created = (await api.people.createContact({ requestBody: { names: [{ givenName: 'Bob' }], phoneNumbers: [{ value: '+1 555 0100' }], biographies: [{ value: 'note' }] } }, { retry: false })).data;
    const updated = (
      await api.people.updateContact(
        { resourceName: created.resourceName!, updatePersonFields: 'names,biographies', personFields: 'names,phoneNumbers,biographies', requestBody: { etag: created.etag, names: [{ givenName: 'Robert' }] } },
        { retry: false },
      )
    ).data;
    expect(updated.names?.[0]?.givenName).toBe('Robert');
    expect(updated.biographies).toBeUndefined();
    expect(updated.phoneNumbers?.[0]?.value).toBe('+1 555 0100');
    expect(updated.etag).not.toBe(created.etag);
    expect(await lastChange(created.resourceName!)).toMatchObject({ by: 'api', operation: 'people.updateContact' });

    // The admin API edits as the user would: the last change is theirs.
    await h.admin('PATCH', `/google/accounts/${EMAIL}/people/${created.resourceName!.replace('people/', '')}`, { names: [{ givenName: 'Rob' }] });
    expect(await lastChange(created.resourceName!)).toMatchObject({ by: 'admin' });
  });

  it('refuses a stale etag with 400 FAILED_PRECONDITION, a missing etag or mask with 400, an unknown contact with 404', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const created = (await api.people.createContact({ requestBody: { names: [{ givenName: 'Cy' }] } }, { retry: false })).data;
    await api.people.updateContact({ resourceName: created.resourceName!, updatePersonFields: 'names', requestBody: { etag: created.etag, names: [{ givenName: 'Cy2' }] } }, { retry: false });

    const stale = await rejectionOf(api.people.updateContact({ resourceName: created.resourceName!, updatePersonFields: 'names', requestBody: { etag: created.etag, names: [{ givenName: 'Cy3' }] } }, { retry: false }));
    expect(stale.response.status).toBe(400);
    expect(stale.response.data.error).toMatchObject({
      code: 400,
      status: 'FAILED_PRECONDITION',
      message: 'Request person.etag is different than the current person.etag. Clear local cache and get the latest person.',
    });
    const noEtag = await rejectionOf(api.people.updateContact({ resourceName: created.resourceName!, updatePersonFields: 'names', requestBody: { names: [{ givenName: 'X' }] } }, { retry: false }));
    expect(noEtag.response.data.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('must set person.etag') });
    const noMask = await rejectionOf(api.people.updateContact({ resourceName: created.resourceName!, requestBody: { etag: 'x', names: [{ givenName: 'X' }] } }, { retry: false }));
    expect(noMask.response.data.error.message).toMatch(/^updatePersonFields mask is required/);
    const photos = await rejectionOf(api.people.updateContact({ resourceName: created.resourceName!, updatePersonFields: 'photos', requestBody: { etag: 'x' } }, { retry: false }));
    expect(photos.response.data.error.message).toMatch(/^Invalid updatePersonFields mask path: "photos"/);
    const twoNames = await rejectionOf(api.people.createContact({ requestBody: { names: [{ givenName: 'A' }, { givenName: 'B' }] } }, { retry: false }));
    expect(twoNames.response.data.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('singleton') });
    const unknown = await rejectionOf(api.people.deleteContact({ resourceName: 'people/c1' }, { retry: false }));
    expect(unknown.response.status).toBe(404);
  });

  it('deletes: the contact is gone from reads, and the next incremental sync lists its tombstone', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const created = (await api.people.createContact({ requestBody: { names: [{ givenName: 'Di' }] } }, { retry: false })).data;
    const { nextSyncToken } = await h.listAll(api, { personFields: 'names', requestSyncToken: true });
    expect((await api.people.deleteContact({ resourceName: created.resourceName! }, { retry: false })).data).toEqual({});
    expect((await rejectionOf(api.people.get({ resourceName: created.resourceName!, personFields: 'names' }, { retry: false }))).response.status).toBe(404);
    const again = await h.listAll(api, { personFields: 'names', syncToken: nextSyncToken });
    expect(again.persons).toEqual([expect.objectContaining({ resourceName: created.resourceName, metadata: expect.objectContaining({ deleted: true }) })]);
    expect(await lastChange(created.resourceName!)).toMatchObject({ by: 'api', operation: 'people.deleteContact', deleted: true });
  });

  it('writes need the full contacts scope: a read-only token gets 403 ACCESS_TOKEN_SCOPE_INSUFFICIENT, and each write is counted', async () => {
    await h.admin('POST', '/google/accounts', { email: EMAIL });
    const tokens = await h.authorize({ email: EMAIL, scope: [READONLY] });
    const api = h.people(tokens.access_token as string);
    const refused = await rejectionOf(api.people.createContact({ requestBody: { names: [{ givenName: 'Ed' }] } }, { retry: false }));
    expect(refused.response.status).toBe(403);
    expect(refused.response.data.error.details[0]).toMatchObject({ reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' });
    expect((await h.listAll(api, { personFields: 'names' })).persons).toEqual([]); // reads still fine
    const counts = (await h.admin('GET', `/requests?account=${EMAIL}`)).body;
    expect(counts.byOperation['people.createContact']).toBe(1);
  });

  it('an injected fault strikes writes like reads (operation filter included)', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    await h.admin('POST', '/faults', { status: 503, count: 1, operation: 'people.createContact' });
    const failed = await rejectionOf(api.people.createContact({ requestBody: { names: [{ givenName: 'Fay' }] } }, { retry: false }));
    expect(failed.response.status).toBe(503);
    const ok = (await api.people.createContact({ requestBody: { names: [{ givenName: 'Fay' }] } }, { retry: false })).data;
    expect(ok.names?.[0]?.givenName).toBe('Fay');
    expect((await h.admin('GET', `/google/accounts/${EMAIL}/people`)).body.people).toHaveLength(1);
  });
});
