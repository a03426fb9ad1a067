import { EmulatorHarness } from '../testing/emulator-harness';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(120_000);

const EMAIL = 'Seeder@Example.com';
const acct = '/google/accounts/seeder@example.com';

describe('admin API', () => {
  const h = EmulatorHarness.forSuite(async (emulator) => {
    await emulator.admin('POST', '/google/accounts', { email: EMAIL });
  });

  it('seeds 25,000 persons in one request', async () => {
    const people = Array.from({ length: 25_000 }, (_, i) => ({
      names: [{ givenName: `Given${i}`, familyName: `Family${i % 997}` }],
      emailAddresses: [{ value: `person${i}@work.example`, type: 'work' }, { value: `person${i}@home.example`, type: 'home' }],
      phoneNumbers: [{ value: `+1 555 ${String(i).padStart(7, '0')}`, type: 'mobile' }],
      addresses: [{ type: 'work', streetAddress: `${i} Main St`, city: 'Springfield', postalCode: '12345', country: 'US' }],
      organizations: [{ name: `Company ${i % 200}`, title: 'Engineer' }],
      biographies: [{ value: `Notes about person ${i}.` }],
      birthdays: [{ date: { year: 1980 + (i % 30), month: 1 + (i % 12), day: 1 + (i % 28) } }],
    }));
    const res = await h.admin('POST', `${acct}/people`, { people });
    expect(res.status).toBe(201);
    expect(new Set(res.body.resourceNames).size).toBe(25_000);
    expect((await h.admin('GET', '/google/accounts')).body.accounts).toEqual([{ email: 'seeder@example.com', persons: 25_000 }]);
  });

  it('answers 400 naming every problem, and seeds nothing when one body is bad', async () => {
    const res = await h.admin('POST', `${acct}/people`, {
      people: [
        { names: [{ givenName: 'Fine' }] },
        { names: [{ givenName: 'A' }, { givenName: 'B' }], emailAddresses: [{ type: 'work' }], shoeSize: [{ value: 44 }] },
        { birthdays: [{ date: { month: 13, day: 1 } }], photos: [{ url: 'not a url' }] },
        { resourceName: 'people/c1' },
        { groups: ['No Such Group'] },
        'not an object',
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([
      'people[1].names: is a singleton for contact sources: at most one value',
      'people[1].emailAddresses[0].value: required',
      'people[1].shoeSize: not a Person field',
      'people[2].birthdays[0].date.month: expected an integer from 0 to 12',
      'people[2].photos[0].url: expected an absolute URL',
      'people[3].resourceName: output only, cannot be set',
      'people[4].groups: no contact group "No Such Group" in seeder@example.com',
      'people[5]: must be a JSON object (a Google Person)',
    ]);
    expect((await h.admin('GET', `${acct}/people`)).body.people).toEqual([]);

    expect((await h.admin('POST', '/google/accounts', { email: 'nope' })).body.message).toEqual(['email: Invalid email']);
    expect((await h.admin('POST', '/faults', { status: 418, count: 0 })).body.message).toEqual([
      'status: Invalid input',
      'count: Number must be greater than or equal to 1',
    ]);
    expect((await h.admin('PUT', '/oauth/access-token-lifetime', {})).status).toBe(400);
    expect((await h.admin('PUT', '/google/settings', { expiredSyncTokenHttpStatus: 404 })).status).toBe(400);
    expect((await h.admin('POST', `${acct}/groups`, { name: 'starred' })).status).toBe(201); // a user label may be called that
    expect((await h.admin('POST', `${acct}/people`, { people: [{ groups: ['contactGroups/friends'] }] })).body.message).toEqual([
      'people[0].groups: contactGroups/friends cannot take members (only user groups, myContacts and starred can) in seeder@example.com',
    ]);
    expect((await h.admin('GET', '/google/accounts/ghost@example.com/people')).status).toBe(404);
  });

  it('edits, regroups and deletes persons; lists them with memberships', async () => {
    const clients = (await h.admin('POST', `${acct}/groups`, { name: 'Clients' })).body.resourceName;
    const suppliers = (await h.admin('POST', `${acct}/groups`, { name: 'Suppliers' })).body.resourceName;
    const [a, b] = (await h.admin('POST', `${acct}/people`, {
      people: [
        { names: [{ givenName: 'Ann' }], phoneNumbers: [{ value: '1' }], groups: ['Clients'] },
        { names: [{ givenName: 'Bob' }], inMyContacts: false, groups: [suppliers] },
      ],
    })).body.resourceNames;
    const groupsOf = (p: { memberships?: { contactGroupMembership: { contactGroupResourceName: string } }[] }) =>
      (p.memberships ?? []).map((m) => m.contactGroupMembership.contactGroupResourceName);

    const listed = (await h.admin('GET', `${acct}/people`)).body.people;
    expect(listed.map(groupsOf)).toEqual([['contactGroups/myContacts', clients], [suppliers]]);

    const patched = await h.admin('PATCH', `${acct}/people/${a.replace('people/', '')}`, { phoneNumbers: null, groups: ['Suppliers', 'starred'] });
    expect(patched.status).toBe(200);
    expect(patched.body.phoneNumbers).toBeUndefined();
    expect(patched.body.names[0].givenName).toBe('Ann');
    expect(groupsOf(patched.body)).toEqual(['contactGroups/myContacts', suppliers, 'contactGroups/starred']);
    expect(groupsOf((await h.admin('PATCH', `${acct}/people/${a.replace('people/', '')}`, { inMyContacts: false })).body)).toEqual([suppliers, 'contactGroups/starred']);
    expect((await h.admin('GET', `${acct}/people/${encodeURIComponent(b)}`)).body.names[0].givenName).toBe('Bob');

    const groups = (await h.admin('GET', `${acct}/groups`)).body.contactGroups;
    expect(groups.find((g: { name: string }) => g.name === 'Suppliers').memberCount).toBe(2);
    expect(groups.find((g: { name: string }) => g.name === 'myContacts').memberCount).toBe(0);

    expect((await h.admin('DELETE', `${acct}/people/${b.replace('people/', '')}`)).status).toBe(204);
    expect((await h.admin('DELETE', `${acct}/people/${b.replace('people/', '')}`)).status).toBe(404);
    expect((await h.admin('PATCH', `${acct}/people/c1`, { names: [] })).status).toBe(404);
    const withDeleted = (await h.admin('GET', `${acct}/people?includeDeleted=true`)).body.people;
    expect(withDeleted.find((p: { resourceName: string }) => p.resourceName === b).metadata.deleted).toBe(true);
  });

  it('resets everything and exposes settings, health and the demo seed', async () => {
    expect((await h.admin('PUT', '/google/settings', { syncTokenLifetimeSeconds: 60 })).body).toEqual({
      syncTokenLifetimeSeconds: 60,
      expiredSyncTokenHttpStatus: 410,
      sequentialMutations: false,
      writePropagationDelayMs: 0,
      latencyMs: 0,
    });
    await h.admin('POST', '/faults', { status: 503, count: 5 });
    expect((await h.admin('POST', '/reset')).status).toBe(204);
    expect((await h.admin('GET', '/google/accounts')).body).toEqual({ accounts: [] });
    expect((await h.admin('GET', '/faults')).body).toEqual({ faults: [] });
    expect((await h.admin('GET', '/google/settings')).body).toEqual({
      syncTokenLifetimeSeconds: 604_800,
      expiredSyncTokenHttpStatus: 410,
      sequentialMutations: false,
      writePropagationDelayMs: 0,
      latencyMs: 0,
    });

    for (const probe of ['live', 'ready']) {
      const res = await fetch(`${h.base}/health/${probe}`);
      expect([res.status, await res.json()]).toEqual([200, { status: 'ok' }]);
    }
  });

  it('GET /admin/changes answers at the account\'s next change (both providers share it), at a timeout with changed: false, and 400/404 for a bad question', async () => {
    const changes = (q: string) => h.admin('GET', `/changes?${q}`);
    const now = (await changes(`provider=google&account=${EMAIL}`)).body as { seq: number; changed: boolean };
    expect(now.changed).toBe(true);
    let answered: { seq: number; changed: boolean } | null = null;
    const waiting = changes(`provider=google&account=${EMAIL}&after=${now.seq}&timeoutMs=20000`).then((r) => (answered = r.body));
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toBeNull(); // nothing changed yet
    await h.admin('POST', `${acct}/people`, { people: [{ names: [{ givenName: 'Waker' }] }] });
    await waiting;
    expect(answered).toEqual({ seq: now.seq + 1, changed: true });
    expect((await changes(`provider=google&account=${EMAIL}&after=${now.seq + 1}&timeoutMs=50`)).body).toEqual({ seq: now.seq + 1, changed: false });

    await h.admin('POST', '/microsoft/accounts', { email: 'waiter@example.com' });
    const ms = (await changes('provider=microsoft&account=waiter@example.com')).body.seq as number;
    const msWaiting = changes(`provider=microsoft&account=waiter@example.com&after=${ms}&timeoutMs=20000`);
    await h.admin('POST', '/microsoft/accounts/waiter@example.com/contacts', { contacts: [{ givenName: 'Waker' }] });
    expect((await msWaiting).body).toEqual({ seq: ms + 1, changed: true });

    expect((await changes(`provider=yahoo&account=${EMAIL}`)).status).toBe(400);
    expect((await changes(`provider=google&account=${EMAIL}&timeoutMs=999999`)).status).toBe(400);
    expect((await changes('provider=google&account=nobody@example.com')).status).toBe(404);
  });
});
