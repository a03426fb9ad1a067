import { EmulatorHarness, rejectionOf } from '../../testing/emulator-harness';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

const EMAIL = 'batcher@example.com';
const READONLY = 'https://www.googleapis.com/auth/contacts.readonly';
const opts = { retry: false } as const;
const contact = (givenName: string) => ({ contactPerson: { names: [{ givenName }], emailAddresses: [{ value: `${givenName.toLowerCase()}@x.example` }] } });

/** The People API batch methods through the real googleapis client, only its rootUrl changed. */
describe('People API batch methods (batchCreate/Update/DeleteContacts, getBatchGet) through googleapis', () => {
  const h = EmulatorHarness.forSuite();
  const counts = async () => (await h.admin('GET', `/requests?account=${EMAIL}`)).body.byOperation;

  it('batchCreateContacts answers createdPeople in order; our writes come back with the next sync; an empty readMask answers {}', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const { nextSyncToken } = await h.listAll(api, { personFields: 'names', requestSyncToken: true });

    const res = await api.people.batchCreateContacts({ requestBody: { contacts: [contact('Ada'), contact('Bob')], readMask: 'names,emailAddresses' } }, opts);
    expect(res.status).toBe(200);
    const created = res.data.createdPeople ?? [];
    expect(created).toEqual([
      { httpStatusCode: 200, status: {}, person: expect.objectContaining({ resourceName: expect.stringMatching(/^people\/c\d+$/), etag: expect.any(String), names: [expect.objectContaining({ givenName: 'Ada' })] }) },
      { httpStatusCode: 200, status: {}, person: expect.objectContaining({ names: [expect.objectContaining({ givenName: 'Bob' })] }) },
    ]);
    expect(Object.keys(created[0]!.person!).sort()).toEqual(['emailAddresses', 'etag', 'names', 'resourceName']);

    const quiet = await api.people.batchCreateContacts({ requestBody: { contacts: [contact('Cy')] } }, opts);
    expect(quiet.data).toEqual({});

    const again = await h.listAll(api, { personFields: 'names', syncToken: nextSyncToken, requestSyncToken: true });
    expect(again.persons.map((p) => p.names?.[0]?.givenName)).toEqual(['Ada', 'Bob', 'Cy']);
    expect(again.persons.slice(0, 2).map((p) => p.etag)).toEqual(created.map((c) => c.person?.etag));
    const rn = created[0]!.person!.resourceName!.replace('people/', '');
    expect((await h.admin('GET', `/google/accounts/${EMAIL}/people/${rn}/last-change`)).body).toMatchObject({ by: 'api', operation: 'people.batchCreateContacts' });
    expect(await counts()).toMatchObject({ 'people.batchCreateContacts': 2 });
  });

  it('batchCreateContacts refuses more than 200 contacts, an empty list and an invalid contact (nothing created, errors by index)', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const tooMany = await rejectionOf(api.people.batchCreateContacts({ requestBody: { contacts: Array.from({ length: 201 }, (_, i) => contact(`P${i}`)), readMask: 'names' } }, opts));
    expect(tooMany.response.status).toBe(400);
    expect(tooMany.response.data.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('at most 200') });
    expect((await rejectionOf(api.people.batchCreateContacts({ requestBody: { contacts: [] } }, opts))).response.status).toBe(400);

    const bad = await rejectionOf(
      api.people.batchCreateContacts({ requestBody: { contacts: [contact('Ok'), { contactPerson: { names: [{ givenName: 'A' }, { givenName: 'B' }] } }], readMask: 'names' } }, opts),
    );
    expect(bad.response.status).toBe(400);
    expect(bad.response.data.error).toMatchObject({ status: 'INVALID_ARGUMENT', message: expect.stringContaining('singleton') });
    expect(bad.response.data.error.details).toEqual([
      {
        '@type': 'type.googleapis.com/google.people.v1.BatchCreateContactsErrorDetails',
        contactErrors: { '1': { code: 3, message: expect.stringContaining('singleton') } },
      },
    ]);
    const exactly200 = await api.people.batchCreateContacts({ requestBody: { contacts: Array.from({ length: 200 }, (_, i) => contact(`Q${i}`)), readMask: 'names' } }, opts);
    expect(exactly200.data.createdPeople).toHaveLength(200);
    expect((await h.admin('GET', `/google/accounts/${EMAIL}/people`)).body.people).toHaveLength(200);
  });

  it('batchUpdateContacts replaces the updateMask fields and answers updateResult by resource name; etags move', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const created = (await api.people.batchCreateContacts({ requestBody: { contacts: [contact('Ann'), contact('Ben')], readMask: 'names' } }, opts)).data.createdPeople!.map((c) => c.person!);
    const [ann, ben] = created as [(typeof created)[0], (typeof created)[0]];
    const { nextSyncToken } = await h.listAll(api, { personFields: 'names', requestSyncToken: true });

    const res = await api.people.batchUpdateContacts(
      {
        requestBody: {
          contacts: {
            [ann.resourceName!]: { etag: ann.etag, names: [{ givenName: 'Anna' }] },
            [ben.resourceName!]: { etag: ben.etag, names: [{ givenName: 'Benjamin' }], emailAddresses: [{ value: 'kept-out@x.example' }] },
          },
          updateMask: 'names',
          readMask: 'names,emailAddresses',
        },
      },
      opts,
    );
    const result = res.data.updateResult ?? {};
    expect(Object.keys(result).sort()).toEqual([ann.resourceName, ben.resourceName].sort());
    expect(result[ann.resourceName!]).toEqual({ httpStatusCode: 200, requestedResourceName: ann.resourceName, status: {}, person: expect.objectContaining({ names: [expect.objectContaining({ givenName: 'Anna' })] }) });
    // Only the mask's fields change: Ben's e-mail stays what it was.
    expect(result[ben.resourceName!]!.person!.emailAddresses?.[0]?.value).toBe('ben@x.example');
    expect(result[ann.resourceName!]!.person!.etag).not.toBe(ann.etag);

    const again = await h.listAll(api, { personFields: 'names', syncToken: nextSyncToken });
    expect(again.persons.map((p) => p.names?.[0]?.givenName).sort()).toEqual(['Anna', 'Benjamin']);
    const quiet = await api.people.batchUpdateContacts({ requestBody: { contacts: { [ann.resourceName!]: { etag: result[ann.resourceName!]!.person!.etag, names: [{ givenName: 'A' }] } }, updateMask: 'names' } }, opts);
    expect(quiet.data).toEqual({});
  });

  it('batchUpdateContacts with one stale etag fails the whole call with 400 FAILED_PRECONDITION and changes nothing', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const [a, b] = (await api.people.batchCreateContacts({ requestBody: { contacts: [contact('Cat'), contact('Dan')], readMask: 'names' } }, opts)).data.createdPeople!.map((c) => c.person!);
    // The user edits Dan at Google: our etag for Dan is stale now.
    await h.admin('PATCH', `/google/accounts/${EMAIL}/people/${b!.resourceName!.replace('people/', '')}`, { names: [{ givenName: 'Daniel' }] });

    const stale = await rejectionOf(
      api.people.batchUpdateContacts(
        { requestBody: { contacts: { [a!.resourceName!]: { etag: a!.etag, names: [{ givenName: 'Catherine' }] }, [b!.resourceName!]: { etag: b!.etag, names: [{ givenName: 'Dan2' }] } }, updateMask: 'names', readMask: 'names' } },
        opts,
      ),
    );
    expect(stale.response.status).toBe(400);
    expect(stale.response.data.error).toMatchObject({
      code: 400,
      status: 'FAILED_PRECONDITION',
      message: 'Request person.etag is different than the current person.etag. Clear local cache and get the latest person.',
    });
    expect(stale.response.data.error.details).toContainEqual({
      '@type': 'type.googleapis.com/google.people.v1.BatchUpdateContactsErrorDetails',
      contactErrors: { [b!.resourceName!]: expect.objectContaining({ code: 9 }) },
    });
    const names = (await api.people.getBatchGet({ resourceNames: [a!.resourceName!, b!.resourceName!], personFields: 'names' }, opts)).data.responses!.map((r) => r.person?.names?.[0]?.givenName);
    expect(names).toEqual(['Cat', 'Daniel']);

    const tooMany = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`people/c${i + 1}`, { etag: 'x' }]));
    expect((await rejectionOf(api.people.batchUpdateContacts({ requestBody: { contacts: tooMany, updateMask: 'names' } }, opts))).response.data.error.message).toContain('at most 200');
    const noMask = await rejectionOf(api.people.batchUpdateContacts({ requestBody: { contacts: { [a!.resourceName!]: { etag: a!.etag } } } }, opts));
    expect(noMask.response.data.error.message).toMatch(/^updateMask mask is required/);
  });

  it('batchDeleteContacts deletes up to 500 (tombstones for the next sync); more, or an unknown contact, is refused whole', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const people = (await api.people.batchCreateContacts({ requestBody: { contacts: [contact('Eve'), contact('Fay'), contact('Gus')], readMask: 'metadata' } }, opts)).data.createdPeople!.map(
      (c) => c.person!.resourceName!,
    );
    const { nextSyncToken } = await h.listAll(api, { personFields: 'names', requestSyncToken: true });

    const unknown = await rejectionOf(api.people.batchDeleteContacts({ requestBody: { resourceNames: [people[0]!, 'people/c1'] } }, opts));
    expect(unknown.response.status).toBe(404);
    const tooMany = await rejectionOf(api.people.batchDeleteContacts({ requestBody: { resourceNames: Array.from({ length: 501 }, (_, i) => `people/c${i + 1}`) } }, opts));
    expect(tooMany.response.data.error).toMatchObject({ code: 400, message: expect.stringContaining('at most 500') });
    expect((await h.admin('GET', `/google/accounts/${EMAIL}/people`)).body.people).toHaveLength(3);

    expect((await api.people.batchDeleteContacts({ requestBody: { resourceNames: people.slice(0, 2) } }, opts)).data).toEqual({});
    const again = await h.listAll(api, { personFields: 'names', syncToken: nextSyncToken });
    expect(again.persons.map((p) => [p.resourceName, p.metadata?.deleted])).toEqual([
      [people[0], true],
      [people[1], true],
    ]);
  });

  it('getBatchGet answers a PersonResponse per name in order (404 entries for unknown ones); personFields and the 200 limit are enforced', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const [hal] = (await api.people.batchCreateContacts({ requestBody: { contacts: [contact('Hal')], readMask: 'names' } }, opts)).data.createdPeople!.map((c) => c.person!);
    const res = await api.people.getBatchGet({ resourceNames: ['people/c1', hal!.resourceName!, 'people/me'], personFields: 'names' }, opts);
    expect(res.data.responses).toEqual([
      { httpStatusCode: 404, requestedResourceName: 'people/c1', status: { code: 5, message: 'Requested entity was not found.' } },
      { httpStatusCode: 200, requestedResourceName: hal!.resourceName, status: {}, person: { resourceName: hal!.resourceName, etag: hal!.etag, names: hal!.names } },
      expect.objectContaining({ httpStatusCode: 200, requestedResourceName: 'people/me', person: expect.objectContaining({ names: [expect.objectContaining({ displayName: 'batcher' })] }) }),
    ]);
    const noFields = await rejectionOf(api.people.getBatchGet({ resourceNames: [hal!.resourceName!] }, opts));
    expect(noFields.response.data.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: expect.stringMatching(/^personFields mask is required/) });
    const tooMany = await rejectionOf(api.people.getBatchGet({ resourceNames: Array.from({ length: 201 }, (_, i) => `people/c${i + 1}`), personFields: 'names' }, opts));
    expect(tooMany.response.data.error.message).toContain('at most 200');
    expect((await rejectionOf(api.people.getBatchGet({ resourceNames: ['contactGroups/x'], personFields: 'names' }, opts))).response.status).toBe(400);
    expect(await counts()).toMatchObject({ 'people.getBatchGet': 4 });
  });

  it('batch writes need the full contacts scope (403, counted); getBatchGet works read-only; faults strike batch operations by name', async () => {
    await h.admin('POST', '/google/accounts', { email: EMAIL });
    const readOnly = h.people((await h.authorize({ email: EMAIL, scope: [READONLY] })).access_token as string);
    for (const call of [
      () => readOnly.people.batchCreateContacts({ requestBody: { contacts: [contact('X')] } }, opts),
      () => readOnly.people.batchUpdateContacts({ requestBody: { contacts: { 'people/c1': { etag: 'x' } }, updateMask: 'names' } }, opts),
      () => readOnly.people.batchDeleteContacts({ requestBody: { resourceNames: ['people/c1'] } }, opts),
    ]) {
      const refused = await rejectionOf(call());
      expect([refused.response.status, refused.response.data.error.details[0].reason]).toEqual([403, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT']);
    }
    expect((await readOnly.people.getBatchGet({ resourceNames: ['people/c1'], personFields: 'names' }, opts)).data.responses).toHaveLength(1);
    expect(await counts()).toMatchObject({ 'people.batchCreateContacts': 1, 'people.batchUpdateContacts': 1, 'people.batchDeleteContacts': 1, 'people.getBatchGet': 1 });

    const { api } = await h.accountWithToken(EMAIL);
    await h.admin('POST', '/faults', { status: 503, count: 1, operation: 'people.batchCreateContacts' });
    expect((await rejectionOf(api.people.batchCreateContacts({ requestBody: { contacts: [contact('Ivy')] } }, opts))).response.status).toBe(503);
    expect((await api.people.batchCreateContacts({ requestBody: { contacts: [contact('Ivy')] } }, opts)).status).toBe(200);
    expect((await h.admin('GET', `/google/accounts/${EMAIL}/people`)).body.people).toHaveLength(1);
  });
});
