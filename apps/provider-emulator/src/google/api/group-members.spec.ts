import { EmulatorHarness, rejectionOf } from '../../testing/emulator-harness';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

const EMAIL = 'labels@example.com';
const READONLY = 'https://www.googleapis.com/auth/contacts.readonly';
const opts = { retry: false } as const;

/** contactGroups.members.modify through the real googleapis client. */
describe('contactGroups.members.modify through googleapis', () => {
  const h = EmulatorHarness.forSuite();
  const seed = async (people: unknown[]) => (await h.admin('POST', `/google/accounts/${EMAIL}/people`, { people })).body.resourceNames as string[];

  it('adds and removes members; each changed contact gets a new etag and comes with the next sync', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const clients = (await h.admin('POST', `/google/accounts/${EMAIL}/groups`, { name: 'Clients' })).body.resourceName as string;
    const [ada, bob, cy] = await seed([{ names: [{ givenName: 'Ada' }] }, { names: [{ givenName: 'Bob' }], groups: ['Clients'] }, { names: [{ givenName: 'Cy' }] }]);
    const before = await h.listAll(api, { personFields: 'memberships', requestSyncToken: true });
    const etagOf = (rn: string, list = before.persons) => list.find((p) => p.resourceName === rn)?.etag;

    const res = await api.contactGroups.members.modify({ resourceName: clients, requestBody: { resourceNamesToAdd: [ada!], resourceNamesToRemove: [bob!] } }, opts);
    expect(res.data).toEqual({});
    const after = await h.listAll(api, { personFields: 'memberships', syncToken: before.nextSyncToken });
    expect(after.persons.map((p) => p.resourceName).sort()).toEqual([ada, bob].sort());
    const groupsOf = (rn: string) => after.persons.find((p) => p.resourceName === rn)?.memberships?.map((m) => m.contactGroupMembership?.contactGroupResourceName).sort();
    expect(groupsOf(ada!)).toEqual([clients, 'contactGroups/myContacts'].sort());
    expect(groupsOf(bob!)).toEqual(['contactGroups/myContacts']);
    expect(etagOf(ada!, after.persons)).not.toBe(etagOf(ada!));
    expect(after.persons.some((p) => p.resourceName === cy)).toBe(false);
    expect((await h.admin('GET', `/google/accounts/${EMAIL}/people/${ada!.replace('people/', '')}/last-change`)).body).toMatchObject({ by: 'api', operation: 'contactGroups.members.modify' });
  });

  it('reports unknown contacts and contacts it will not take out of their last group', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const [onlyMine, starred] = await seed([{ names: [{ givenName: 'Solo' }] }, { names: [{ givenName: 'Star' }], groups: ['starred'] }]);
    const res = await api.contactGroups.members.modify(
      { resourceName: 'contactGroups/myContacts', requestBody: { resourceNamesToRemove: [onlyMine!, starred!, 'people/c1'] } },
      opts,
    );
    expect(res.data).toEqual({ notFoundResourceNames: ['people/c1'], canNotRemoveLastContactGroupResourceNames: [onlyMine] });
    const people = (await h.admin('GET', `/google/accounts/${EMAIL}/people`)).body.people as { resourceName: string; memberships: unknown[] }[];
    expect(people.find((p) => p.resourceName === onlyMine)!.memberships).toHaveLength(1);
    expect(people.find((p) => p.resourceName === starred)!.memberships).toHaveLength(1); // starred only now
  });

  it('refuses more than 1000 names (400), adding to a system group that takes no members (400), an unknown group (404) and a read-only token (403)', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const names = Array.from({ length: 1001 }, (_, i) => `people/c${i + 1}`);
    const tooMany = await rejectionOf(api.contactGroups.members.modify({ resourceName: 'contactGroups/myContacts', requestBody: { resourceNamesToAdd: names.slice(0, 600), resourceNamesToRemove: names.slice(600) } }, opts));
    expect(tooMany.response.data.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('at most 1000') });
    expect((await api.contactGroups.members.modify({ resourceName: 'contactGroups/myContacts', requestBody: { resourceNamesToAdd: names.slice(0, 1000) } }, opts)).data).toEqual({
      notFoundResourceNames: names.slice(0, 1000),
    });
    const friends = await rejectionOf(api.contactGroups.members.modify({ resourceName: 'contactGroups/friends', requestBody: { resourceNamesToAdd: ['people/c1'] } }, opts));
    expect(friends.response.status).toBe(400);
    expect((await rejectionOf(api.contactGroups.members.modify({ resourceName: 'contactGroups/abc123', requestBody: {} }, opts))).response.status).toBe(404);

    const readOnly = h.people((await h.authorize({ email: EMAIL, scope: [READONLY] })).access_token as string);
    const refused = await rejectionOf(readOnly.contactGroups.members.modify({ resourceName: 'contactGroups/myContacts', requestBody: {} }, opts));
    expect(refused.response.status).toBe(403);
    expect((await h.admin('GET', `/requests?account=${EMAIL}`)).body.byOperation['contactGroups.members.modify']).toBe(5);
  });
});
