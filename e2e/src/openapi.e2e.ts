import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CrmUser, EmulatorAdmin, httpJson, OpenApiContract, startLocalStack, type JsonResponse, type LocalStack, type OpenApiDocument } from '@contact-sync/testing';

/**
 * The checked-in OpenAPI documents against the running services: each service serves exactly the
 * checked-in document, and real answers (successes, 400s with their listed problems, 401, 403, 404,
 * 409) have the documented shapes.
 */
jest.setTimeout(120_000);

const checkedIn = (service: string): OpenApiDocument => JSON.parse(readFileSync(join(__dirname, '../../docs/openapi', `${service}.openapi.json`), 'utf8')) as OpenApiDocument;

describe('OpenAPI documents of the running services', () => {
  let stack: LocalStack;
  let contracts: { accounts: OpenApiContract; contacts: OpenApiContract };
  let owner: CrmUser;
  let noPermissions: CrmUser;
  let company: string;
  let ownerAccess: unknown;

  /** Makes the call and checks its answer against the service's document; returns it for the test's own assertions. */
  async function documented<T>(service: 'accounts' | 'contacts', call: Promise<JsonResponse<T>>, method: string, path: string): Promise<JsonResponse<T>> {
    const res = await call;
    expect({ call: `${method} ${path} → ${res.status}`, problems: contracts[service].responseErrors(method, path.split('?')[0]!, res.status, res.body) }).toEqual({
      call: `${method} ${path} → ${res.status}`,
      problems: [],
    });
    return res;
  }
  const asUser = (user: CrmUser, service: 'accounts' | 'contacts', method: string, path: string, body?: unknown) =>
    documented(service, service === 'accounts' ? user.accounts(method, path, body) : user.contacts(method, path, body), method, path);
  const internal = (method: string, path: string, body?: unknown, token = stack.internalApiToken) =>
    documented('contacts', httpJson(method, `${stack.contactsUrl}${path}`, body, { authorization: `Bearer ${token}` }), method, path);

  beforeAll(async () => {
    stack = await startLocalStack();
    contracts = { accounts: new OpenApiContract(checkedIn('accounts')), contacts: new OpenApiContract(checkedIn('contacts')) };
    company = `co-${randomUUID().slice(0, 8)}`;
    const creds = { accounts: stack.accountsUrl, contacts: stack.contactsUrl };
    [owner, noPermissions] = [0, 1].map(() => new CrmUser(`u-${randomUUID().slice(0, 8)}`, company, creds, stack.actorJwtSecret)) as [CrmUser, CrmUser];
    // The directory the other tests act in, made through the internal API (its answers checked too).
    expect((await internal('PUT', `/internal/directory/companies/${company}`, { plan: 'professional', name: 'Analytical Engines' })).status).toBe(200);
    expect((await internal('PUT', `/internal/directory/companies/${company}/roles/sales`, { name: 'Sales', parentRoleId: null })).status).toBe(200);
    const access = await internal('PUT', `/internal/directory/companies/${company}/users/${owner.userId}`, { roleId: 'sales', globalAdmin: false, permissions: { addPeople: true, addOrganizations: true } });
    expect(access.status).toBe(200);
    ownerAccess = access.body;
    await internal('PUT', `/internal/directory/companies/${company}/users/${noPermissions.userId}`, { roleId: null, globalAdmin: false, permissions: { addPeople: false, addOrganizations: false } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('each service serves the checked-in document at /openapi.json, without a token', async () => {
    for (const [service, url] of [['accounts', stack.accountsUrl], ['contacts', stack.contactsUrl]] as const) {
      const served = await httpJson('GET', `${url}/openapi.json`);
      expect(served.status).toBe(200);
      expect(served.body).toEqual(checkedIn(service));
    }
  });

  it('contacts: the internal directory API answers as documented', async () => {
    expect((await internal('GET', `/internal/directory/companies/${company}/users/${owner.userId}/access`)).body).toEqual(ownerAccess);
    const invalid = await internal('PUT', `/internal/directory/companies/${company}/users/u9`, { roleId: 'bad id!', globalAdmin: 'no' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ message: expect.arrayContaining(['roleId must be a role id or null']) });
    expect((await internal('GET', `/internal/directory/companies/${company}/users/nobody/access`)).status).toBe(404);
    expect((await internal('GET', `/internal/directory/companies/${company}/users/${owner.userId}/access`, undefined, 'wrong-token')).status).toBe(401);
    expect((await internal('GET', `/internal/syncs/${randomUUID()}/status`, undefined, stack.internal.keys.accounts)).status).toBe(200);
    // The CRM core administers the directory; the sync status is accounts' to read (403 documented too).
    expect((await internal('GET', `/internal/syncs/${randomUUID()}/status`)).status).toBe(403);
  });

  it('contacts: persons and reference data answer as documented', async () => {
    const created = await asUser(owner, 'contacts', 'POST', '/persons', {
      name: 'Ada Lovelace', emails: [{ value: 'ada@work.example', label: 'work', primary: true }], address: { city: 'London' },
      postalAddress: { poBox: 'PO Box 1' }, organization: 'Analytical Engines', jobTitle: 'Mathematician', birthday: '--12-10', visibility: 'owner_only',
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect((await asUser(owner, 'contacts', 'GET', `/persons/${id}`)).status).toBe(200);
    expect((await asUser(owner, 'contacts', 'GET', '/persons?limit=10&q=ada')).body).toMatchObject({ total: 1, nextCursor: null });
    expect((await asUser(owner, 'contacts', 'PATCH', `/persons/${id}`, { jobTitle: 'Countess', notes: null })).status).toBe(200);
    expect((await asUser(owner, 'contacts', 'GET', `/persons/${id}/sync-history`)).body).toEqual({ items: [] });
    expect((await asUser(owner, 'contacts', 'GET', '/organizations')).status).toBe(200);
    expect((await asUser(owner, 'contacts', 'GET', '/custom-fields')).status).toBe(200);

    const invalid = await asUser(owner, 'contacts', 'PATCH', `/persons/${id}`, { birthday: '1815-13-40', nickname: 'A' });
    expect(invalid.status).toBe(400);
    expect((invalid.body as { message: string[] }).message).toHaveLength(2);
    expect((await asUser(owner, 'contacts', 'GET', '/persons?limit=0')).status).toBe(400);
    expect((await asUser(noPermissions, 'contacts', 'POST', '/persons', { name: 'Nobody' })).status).toBe(403);
    expect((await asUser(noPermissions, 'contacts', 'GET', `/persons/${id}`)).status).toBe(404);
    expect((await documented('contacts', httpJson('GET', `${stack.contactsUrl}/persons`), 'GET', '/persons')).status).toBe(401);
    expect((await asUser(owner, 'contacts', 'DELETE', `/persons/${id}`)).status).toBe(204);
  });

  it('accounts: connecting, the dashboard and the internal token API answer as documented', async () => {
    const email = `openapi.${randomUUID().slice(0, 8)}@example.com`;
    await new EmulatorAdmin(stack.emulatorUrl).createAccount(email);
    expect((await asUser(owner, 'accounts', 'GET', '/accounts')).body).toEqual([]);
    const invalid = await asUser(owner, 'accounts', 'POST', '/accounts/connections', { provider: 'yahoo', email: 'not-an-address' });
    expect(invalid.status).toBe(400);
    expect((invalid.body as { message: string[] }).message).toEqual(expect.arrayContaining(['email must be an e-mail address']));
    expect((await asUser(noPermissions, 'accounts', 'POST', '/accounts/connections', { provider: 'google', email })).body).toMatchObject({ missingPermissions: expect.any(Array) });
    const started = await asUser(owner, 'accounts', 'POST', '/accounts/connections', { provider: 'google', email });
    expect(started.status).toBe(201);
    const pendingId = (started.body as { accountId: string }).accountId;
    // A pending account has no grant yet: the internal token API says it must be (re)connected.
    const token = await documented('accounts', httpJson('POST', `${stack.accountsUrl}/internal/accounts/${pendingId}/access-token`, undefined, { authorization: `Bearer ${stack.internal.keys.ingest}` }), 'POST', `/internal/accounts/${pendingId}/access-token`);
    expect(token.status).toBe(409);
    expect((await documented('accounts', httpJson('POST', `${stack.accountsUrl}/internal/accounts/${pendingId}/access-token`), 'POST', `/internal/accounts/${pendingId}/access-token`)).status).toBe(401);
    expect((await documented('accounts', httpJson('GET', `${stack.accountsUrl}/oauth/callback`), 'GET', '/oauth/callback')).status).toBe(400);
    // A repeated state is told as such (400), never a server error.
    const repeated = await documented('accounts', httpJson<{ message: string }>('GET', `${stack.accountsUrl}/oauth/callback?code=c&state=a&state=b`), 'GET', '/oauth/callback');
    expect(repeated).toMatchObject({ status: 400, body: { message: 'the callback\'s "state" parameter was given 2 times; it must be given once' } });

    const account = await owner.connect('google', email);
    const detail = await asUser(owner, 'accounts', 'GET', `/accounts/${account.id}`);
    expect(detail.body).toMatchObject({ id: account.id, status: 'connected', syncConfig: null, dashboard: expect.any(Object) });
    expect((await asUser(owner, 'accounts', 'GET', `/accounts/${account.id}/sync-groups`)).status).toBe(200);
    expect((await asUser(owner, 'accounts', 'POST', `/accounts/${account.id}/sync/start`)).status).toBe(409);
    expect((await asUser(owner, 'accounts', 'PUT', `/accounts/${account.id}/sync-config`, { groupId: null, direction: 'one_way', visibility: 'owner_only' })).status).toBe(200);
    expect((await asUser(owner, 'accounts', 'PUT', `/accounts/${account.id}/sync-config`, { groupId: null, direction: 'sideways', visibility: 'owner_only' })).status).toBe(400);
    const issued = await documented('accounts', httpJson('POST', `${stack.accountsUrl}/internal/accounts/${account.id}/access-token`, undefined, { authorization: `Bearer ${stack.internal.keys.ingest}` }), 'POST', `/internal/accounts/${account.id}/access-token`);
    expect(issued.status).toBe(200);
    expect(((await asUser(owner, 'accounts', 'GET', '/accounts')).body as { id: string }[]).map((a) => a.id)).toContain(account.id);
    expect((await asUser(noPermissions, 'accounts', 'GET', `/accounts/${account.id}`)).status).toBe(404);
    expect((await asUser(owner, 'accounts', 'DELETE', `/accounts/${account.id}`)).status).toBe(204);
  });
});
