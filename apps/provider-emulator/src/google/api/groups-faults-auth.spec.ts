import { people_v1 } from 'googleapis/build/src/apis/people/v1';
import { EmulatorHarness, rejectionOf } from '../../testing/emulator-harness';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

const EMAIL = 'tester@example.com';
const OTHER = 'other@example.com';

describe('contactGroups.list, bearer tokens and fault injection through googleapis', () => {
  const h = EmulatorHarness.forSuite();

  it('lists user groups, then the system groups, with member counts, paged', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const clients = (await h.admin('POST', `/google/accounts/${EMAIL}/groups`, { name: 'Clients' })).body;
    expect(clients).toMatchObject({ resourceName: expect.stringMatching(/^contactGroups\/[0-9a-f]{16}$/), name: 'Clients', groupType: 'USER_CONTACT_GROUP' });
    expect((await h.admin('POST', `/google/accounts/${EMAIL}/groups`, { name: 'clients' })).status).toBe(409);
    await h.admin('POST', `/google/accounts/${EMAIL}/people`, {
      people: [{ groups: ['Clients'] }, { groups: ['Clients', 'starred'] }, { names: [{ givenName: 'Outside' }], inMyContacts: false }],
    });

    const res = await api.contactGroups.list({}, { retry: false });
    const groups = res.data.contactGroups!;
    expect(res.data.totalItems).toBe(9);
    expect(groups.map((g) => g.resourceName)).toEqual([
      clients.resourceName,
      'contactGroups/chatBuddies',
      'contactGroups/all',
      'contactGroups/myContacts',
      'contactGroups/friends',
      'contactGroups/family',
      'contactGroups/coworkers',
      'contactGroups/blocked',
      'contactGroups/starred',
    ]);
    expect(groups[0]).toEqual({
      resourceName: clients.resourceName,
      etag: expect.any(String),
      metadata: { updateTime: expect.any(String) },
      groupType: 'USER_CONTACT_GROUP',
      name: 'Clients',
      formattedName: 'Clients',
      memberCount: 2,
    });
    expect(groups.find((g) => g.resourceName === 'contactGroups/myContacts')).toEqual({
      resourceName: 'contactGroups/myContacts',
      groupType: 'SYSTEM_CONTACT_GROUP',
      name: 'myContacts',
      formattedName: 'My Contacts',
      memberCount: 2,
    });
    expect(groups.find((g) => g.resourceName === 'contactGroups/all')!.memberCount).toBe(3);
    expect(groups.find((g) => g.resourceName === 'contactGroups/friends')!.memberCount).toBeUndefined();

    const first = await api.contactGroups.list({ pageSize: 4 }, { retry: false });
    const second = await api.contactGroups.list({ pageSize: 4, pageToken: first.data.nextPageToken! }, { retry: false });
    const third = await api.contactGroups.list({ pageSize: 4, pageToken: second.data.nextPageToken! }, { retry: false });
    expect([first, second, third].map((r) => r.data.contactGroups!.length)).toEqual([4, 4, 1]);
    expect(third.data.nextPageToken).toBeUndefined();
  });

  it('injects 429 with Retry-After and 5xx, per account and operation, then serves again', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const other = (await h.accountWithToken(OTHER)).api;
    expect((await h.admin('POST', '/faults', { status: 429, count: 2, retryAfterSeconds: 7, account: EMAIL })).status).toBe(201);
    await h.admin('POST', '/faults', { status: 503, count: 1, operation: 'people.connections.list' });

    // The other account is not throttled; it does meet the operation-wide 503.
    expect((await api.contactGroups.list({}, { retry: false }).catch((e) => e)).status).toBe(429);
    expect((await other.contactGroups.list({}, { retry: false })).status).toBe(200);
    const outage = await rejectionOf(other.people.connections.list({ resourceName: 'people/me', personFields: 'names' }, { retry: false }));
    expect(outage.status).toBe(503);
    expect(outage.response.data).toEqual({ error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } });

    const throttled = await rejectionOf(api.people.connections.list({ resourceName: 'people/me', personFields: 'names' }, { retry: false }));
    expect(throttled.status).toBe(429);
    expect(throttled.response.headers.get('retry-after')).toBe('7');
    expect(throttled.response.data.error).toMatchObject({
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
      message: expect.stringContaining("Quota exceeded for quota metric 'Read requests'"),
      details: [expect.objectContaining({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'RATE_LIMIT_EXCEEDED' })],
    });
    expect((await api.contactGroups.list({}, { retry: false })).status).toBe(200);
    expect((await h.admin('GET', '/faults')).body).toEqual({ faults: [] });

    await h.admin('POST', '/faults', { status: 500 });
    const internal = await rejectionOf(api.contactGroups.list({}, { retry: false }));
    expect(internal.response.data.error).toEqual({ code: 500, message: 'Internal error encountered.', status: 'INTERNAL' });

    // Failed calls count too: the provider would have counted them.
    const counts = (await h.admin('GET', `/requests?account=${EMAIL}`)).body;
    expect(counts).toEqual({
      total: 5,
      byOperation: { 'contactGroups.list': 3, 'people.connections.list': 1, 'oauth.token': 1 },
      byAccount: { [EMAIL]: { total: 5, byOperation: { 'contactGroups.list': 3, 'people.connections.list': 1, 'oauth.token': 1 } } },
    });
    expect(Object.keys((await h.admin('GET', '/requests')).body.byAccount).sort()).toEqual([OTHER, EMAIL].sort());
    expect((await h.admin('DELETE', '/requests')).status).toBe(204);
    expect((await h.admin('GET', '/requests')).body).toEqual({ total: 0, byOperation: {}, byAccount: {} });
  });

  it('needs a valid, unexpired bearer token with a contacts scope', async () => {
    // No auth client at all: the request goes out without an Authorization header.
    const anonymous = new people_v1.People({ rootUrl: `${h.base}/` });
    const missing = await rejectionOf(anonymous.contactGroups.list({}, { retry: false, fetchImplementation: fetch }));
    expect(missing.status).toBe(401);
    expect(missing.response.headers.get('www-authenticate')).toContain('Bearer');
    expect(missing.response.data.error).toMatchObject({
      code: 401,
      status: 'UNAUTHENTICATED',
      message: expect.stringMatching(/^Request is missing required authentication credential/),
      details: [expect.objectContaining({ reason: 'CREDENTIALS_MISSING' })],
    });

    const bogus = await rejectionOf(h.people('ya29.not-issued').contactGroups.list({}, { retry: false }));
    expect(bogus.status).toBe(401);
    expect(bogus.response.data.error.details[0].reason).toBe('ACCESS_TOKEN_TYPE_UNSUPPORTED');

    const { api } = await h.accountWithToken(EMAIL);
    expect((await h.admin('POST', '/oauth/expire-access-tokens', {})).body).toEqual({ expired: 1 });
    const expired = await rejectionOf(api.contactGroups.list({}, { retry: false }));
    expect(expired.status).toBe(401);
    expect(expired.response.data.error.details[0].reason).toBe('ACCESS_TOKEN_EXPIRED');

    const openidOnly = await h.authorize({ email: EMAIL, scope: ['openid', 'email'] });
    expect(openidOnly.scope).toBe('openid https://www.googleapis.com/auth/userinfo.email');
    const forbidden = await rejectionOf(h.people(openidOnly.access_token!).contactGroups.list({}, { retry: false }));
    expect(forbidden.status).toBe(403);
    expect(forbidden.response.data.error).toMatchObject({ status: 'PERMISSION_DENIED', message: 'Request had insufficient authentication scopes.' });
  });

  it('lets google-auth-library refresh a short-lived access token on its own', async () => {
    await h.admin('POST', '/google/accounts', { email: EMAIL });
    expect((await h.admin('PUT', '/oauth/access-token-lifetime', { seconds: 1 })).body).toEqual({ seconds: 1 });
    const client = h.oauthClient();
    client.setCredentials(await h.authorize({ email: EMAIL }));
    expect(client.credentials.expiry_date! - Date.now()).toBeLessThanOrEqual(1000);
    await new Promise((r) => setTimeout(r, 1100));

    const api = h.people(client);
    expect((await api.contactGroups.list({}, { retry: false })).status).toBe(200);
    const counts = (await h.admin('GET', `/requests?account=${EMAIL}`)).body.byOperation;
    expect(counts['oauth.token']).toBe(2); // the code exchange, then the refresh
  });

  it('serves the API under /google as well, for clients that keep the path prefix', async () => {
    const { api, tokens } = await h.accountWithToken(EMAIL);
    // A per-call rootUrl keeps its path (unlike the constructor's, which googleapis resolves against the host).
    const res = await api.contactGroups.list({}, { rootUrl: `${h.base}/google/`, retry: false });
    expect(res.config.url!.toString()).toBe(`${h.base}/google/v1/contactGroups`);
    const raw = await fetch(`${h.base}/google/v1/people/me/connections?personFields=names`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(raw.status).toBe(200);
    expect(await raw.json()).toEqual({});
  });
});
