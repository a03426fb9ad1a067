import type { INestApplication } from '@nestjs/common';
import { OAuth2Client, type CodeChallengeMethod } from 'google-auth-library';
import { people_v1 } from 'googleapis/build/src/apis/people/v1';
import { createHash, randomBytes } from 'node:crypto';
import { createEmulatorApp } from '../bootstrap';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

/** The emulator through the official Google clients, only their base URLs changed. */
describe('Google People API emulator, through the real googleapis client', () => {
  const EMAIL = 'tester@example.com';
  const REDIRECT = 'http://127.0.0.1:1/callback';
  let app: INestApplication;
  let base: string;

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/admin${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const oauthClient = () =>
    new OAuth2Client({
      clientId: 'contact-sync-local',
      clientSecret: 'contact-sync-local-secret',
      redirectUri: REDIRECT,
      endpoints: { oauth2AuthBaseUrl: `${base}/o/oauth2/v2/auth`, oauth2TokenUrl: `${base}/token` },
    });

  /** Authorization code with PKCE, as accounts does it. */
  async function authorize(verifier = randomBytes(32).toString('base64url'), presentedVerifier = verifier) {
    const client = oauthClient();
    const url = client.generateAuthUrl({
      access_type: 'offline',
      scope: ['https://www.googleapis.com/auth/contacts'],
      state: 'st',
      login_hint: EMAIL,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256' as CodeChallengeMethod,
    });
    const consent = await fetch(url, { redirect: 'manual' });
    const location = new URL(consent.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('st');
    const { tokens } = await client.getToken({ code: location.searchParams.get('code')!, codeVerifier: presentedVerifier });
    return tokens;
  }

  const people = (accessToken: string) => {
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: accessToken });
    return new people_v1.People({ rootUrl: `${base}/`, auth });
  };

  const listAll = async (api: people_v1.People, params: people_v1.Params$Resource$People$Connections$List) => {
    const persons: people_v1.Schema$Person[] = [];
    let pageToken: string | undefined;
    let nextSyncToken: string | undefined;
    let pages = 0;
    do {
      const res = await api.people.connections.list({ resourceName: 'people/me', ...params, pageToken }, { retry: false });
      persons.push(...(res.data.connections ?? []));
      pageToken = res.data.nextPageToken ?? undefined;
      nextSyncToken = res.data.nextSyncToken ?? undefined;
      pages++;
    } while (pageToken);
    return { persons, nextSyncToken, pages };
  };

  beforeAll(async () => {
    app = await createEmulatorApp({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await admin('POST', '/reset');
    await admin('POST', '/google/accounts', { email: EMAIL });
  });

  it('pages 2,500 persons with pageSize 1000 and honours the field mask', async () => {
    await admin('POST', `/google/accounts/${EMAIL}/people`, {
      people: Array.from({ length: 2500 }, (_, i) => ({ names: [{ givenName: `P${i}` }], emailAddresses: [{ value: `p${i}@x.io` }] })),
    });
    const api = people((await authorize()).access_token!);
    const { persons, pages, nextSyncToken } = await listAll(api, { personFields: 'names', pageSize: 1000, requestSyncToken: true });
    expect(pages).toBe(3);
    expect(new Set(persons.map((p) => p.resourceName)).size).toBe(2500);
    expect(nextSyncToken).toBeTruthy();
    expect(persons[0]).toEqual({ resourceName: expect.stringMatching(/^people\/c/), etag: expect.any(String), names: [expect.objectContaining({ givenName: expect.any(String) })] });
    await expect(api.people.connections.list({ resourceName: 'people/me' }, { retry: false })).rejects.toMatchObject({ status: 400 });
  });

  it('returns only changes after a sync token: edits, additions, deletions and membership changes', async () => {
    const group = (await admin('POST', `/google/accounts/${EMAIL}/groups`, { name: 'Clients' })).body.resourceName;
    const seeded = (await admin('POST', `/google/accounts/${EMAIL}/people`, { people: [1, 2, 3, 4].map((n) => ({ names: [{ givenName: `N${n}` }], groups: [group] })) })).body.resourceNames;
    const api = people((await authorize()).access_token!);
    const first = await listAll(api, { personFields: 'names,memberships,metadata', requestSyncToken: true });
    expect(first.persons).toHaveLength(4);
    const id = (r: string) => r.replace('people/', '');

    await admin('PATCH', `/google/accounts/${EMAIL}/people/${id(seeded[0])}`, { names: [{ givenName: 'Edited' }] });
    await admin('DELETE', `/google/accounts/${EMAIL}/people/${id(seeded[1])}`);
    await admin('PATCH', `/google/accounts/${EMAIL}/people/${id(seeded[2])}`, { groups: [] });
    const added = (await admin('POST', `/google/accounts/${EMAIL}/people`, { people: [{ names: [{ givenName: 'New' }] }] })).body.resourceNames[0];

    const delta = await listAll(api, { personFields: 'names,memberships,metadata', syncToken: first.nextSyncToken, requestSyncToken: true });
    const byName = new Map(delta.persons.map((p) => [p.resourceName, p]));
    expect([...byName.keys()].sort()).toEqual([seeded[0], seeded[1], seeded[2], added].sort());
    expect(byName.get(seeded[0])!.names![0]!.givenName).toBe('Edited');
    expect(byName.get(seeded[1])!.metadata!.deleted).toBe(true);
    expect(byName.get(seeded[2])!.memberships!.map((m) => m.contactGroupMembership!.contactGroupResourceName)).toEqual(['contactGroups/myContacts']);
    expect(byName.get(seeded[0])!.etag).not.toBe(first.persons.find((p) => p.resourceName === seeded[0])!.etag);

    const nothing = await listAll(api, { personFields: 'names', syncToken: delta.nextSyncToken, requestSyncToken: true });
    expect(nothing.persons).toEqual([]);
  });

  it('answers an expired or unknown sync token with 410 and the EXPIRED_SYNC_TOKEN body', async () => {
    const api = people((await authorize()).access_token!);
    const { nextSyncToken } = await listAll(api, { personFields: 'names', requestSyncToken: true });
    await admin('POST', `/google/accounts/${EMAIL}/expire-sync-tokens`);
    for (const syncToken of [nextSyncToken, 'never-issued']) {
      await expect(api.people.connections.list({ resourceName: 'people/me', personFields: 'names', syncToken }, { retry: false })).rejects.toMatchObject({
        status: 410,
        response: {
          data: {
            error: {
              code: 410,
              status: 'FAILED_PRECONDITION',
              message: 'Sync token is expired. Clear local cache and retry call without the sync token.',
              details: [expect.objectContaining({ reason: 'EXPIRED_SYNC_TOKEN' })],
            },
          },
        },
      });
    }
  });

  it('injects 429 with Retry-After, then serves again', async () => {
    const api = people((await authorize()).access_token!);
    await admin('POST', '/faults', { status: 429, count: 1, retryAfterSeconds: 7 });
    const err = await api.contactGroups.list({}, { retry: false }).catch((e) => e);
    expect(err.status).toBe(429);
    expect(err.response.headers.get('retry-after')).toBe('7');
    expect(err.response.data.error.status).toBe('RESOURCE_EXHAUSTED');
    const groups = await api.contactGroups.list({}, { retry: false });
    expect(groups.data.contactGroups!.map((g) => g.resourceName)).toContain('contactGroups/myContacts');
    expect((await admin('GET', `/requests?account=${EMAIL}`)).body.byOperation['contactGroups.list']).toBe(2);
  });

  it('refuses a wrong PKCE verifier, a revoked refresh token and a missing bearer token', async () => {
    await expect(authorize(randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url'))).rejects.toMatchObject({
      response: { status: 400, data: { error: 'invalid_grant' } },
    });
    const tokens = await authorize();
    const client = oauthClient();
    client.setCredentials({ refresh_token: tokens.refresh_token });
    expect((await client.refreshAccessToken()).credentials.access_token).toMatch(/^ya29\./);
    await admin('POST', `/google/accounts/${EMAIL}/revoke`);
    await expect(client.refreshAccessToken()).rejects.toMatchObject({
      response: { status: 400, data: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } },
    });
    await expect(people('not-a-token').contactGroups.list({}, { retry: false })).rejects.toMatchObject({ status: 401 });
  });
});
