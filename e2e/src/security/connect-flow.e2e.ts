import { randomUUID } from 'node:crypto';
import { CrmUser, DirectoryAdmin, EmulatorAdmin, httpJson, startLocalStack, type AccountView, type LocalStack } from '@contact-sync/testing';

/**
 * The OAuth round trip's failure paths on the real stack (issue 12): a provider outage at the token
 * endpoint leaves the attempt usable, so the same callback completes once the provider is back; the
 * callback's query is validated; Microsoft is not invited to offer another mailbox.
 */
jest.setTimeout(120_000);

describe('connecting a mailbox: the callback\'s failure paths', () => {
  let stack: LocalStack;
  let user: CrmUser;
  let admin: EmulatorAdmin;

  /** Steps 1 and 2 as the browser does them: start, consent; returns the callback URL the provider redirected to. */
  async function consentedCallback(provider: 'google' | 'microsoft', email: string): Promise<{ accountId: string; authorizationUrl: string; callback: string }> {
    const started = await user.expectOk<{ accountId: string; authorizationUrl: string }>(user.accounts('POST', '/accounts/connections', { provider, email }), 201);
    const consent = await fetch(started.authorizationUrl, { redirect: 'manual' });
    const callback = consent.headers.get('location');
    if (consent.status !== 302 || !callback) throw new Error(`consent did not redirect: ${consent.status}`);
    return { ...started, callback };
  }

  beforeAll(async () => {
    stack = await startLocalStack();
    admin = new EmulatorAdmin(stack.emulatorUrl);
    user = new CrmUser(`u-${randomUUID().slice(0, 8)}`, `co-${randomUUID().slice(0, 8)}`, { accounts: stack.accountsUrl, contacts: stack.contactsUrl }, stack.actorJwtSecret);
    const directory = new DirectoryAdmin(stack.contactsUrl, stack.internalApiToken);
    await directory.company(user.companyId, 'professional');
    await directory.user(user.companyId, user.userId, { roleId: null, globalAdmin: false, permissions: { addPeople: true, addOrganizations: true } });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('a token-endpoint outage leaves the attempt open: reloading the same callback connects', async () => {
    await admin.createAccount('outage@example.com');
    const { accountId, callback } = await consentedCallback('google', 'outage@example.com');
    // Down for longer than the client's own retries last.
    await admin.tokenOutage('google', 100, 503);
    const failed = await httpJson<{ code: string; message: string }>('GET', callback);
    expect(failed).toMatchObject({ status: 503, body: { code: 'provider_unavailable', message: expect.stringMatching(/reload this page/) } });
    const pending = await user.expectOk<AccountView>(user.accounts('GET', `/accounts/${accountId}`));
    expect(pending.status).toBe('pending');
    await admin.tokenOutage('google', 0);

    const reloaded = await httpJson<AccountView>('GET', callback);
    expect(reloaded).toMatchObject({ status: 200, body: { id: accountId, status: 'connected', email: 'outage@example.com' } });
    // Used once it succeeded: a third load is refused.
    expect((await httpJson('GET', callback)).status).toBe(400);
  });

  it('a repeated or missing callback parameter is a 400 saying so', async () => {
    const repeated = await httpJson<{ message: string }>('GET', `${stack.accountsUrl}/oauth/callback?code=c&state=a&state=b`);
    expect(repeated).toMatchObject({ status: 400, body: { message: 'the callback\'s "state" parameter was given 2 times; it must be given once' } });
    const missing = await httpJson<{ message: string }>('GET', `${stack.accountsUrl}/oauth/callback?code=c`);
    expect(missing).toMatchObject({ status: 400, body: { message: 'code and state are required' } });
  });

  it('Microsoft is asked for the mailbox the user named, not invited to pick another', async () => {
    const started = await user.expectOk<{ authorizationUrl: string }>(user.accounts('POST', '/accounts/connections', { provider: 'microsoft', email: 'pick@outlook.example' }), 201);
    const url = new URL(started.authorizationUrl);
    expect(url.searchParams.get('login_hint')).toBe('pick@outlook.example');
    expect(url.searchParams.has('prompt')).toBe(false);
  });
});
