import { randomBytes } from 'node:crypto';
import { CLIENT, EmulatorHarness, REDIRECT } from '../../testing/emulator-harness';
import { MicrosoftTestClient } from '../../testing/microsoft-client';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

const EMAIL = 'tester@outlook.example';
const AADSTS_ERROR = (error: string, code: number) => ({
  error,
  error_description: expect.stringMatching(new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`, 's')),
  error_codes: [code],
  timestamp: expect.any(String),
  trace_id: expect.any(String),
  correlation_id: expect.any(String),
  error_uri: `https://login.microsoftonline.com/error?code=${code}`,
});

/** The identity platform v2.0 endpoints through plain fetch, as the accounts service calls them. */
describe('Microsoft identity platform (authorize, token)', () => {
  const h = EmulatorHarness.forSuite();
  const ms = new MicrosoftTestClient(h);

  it('runs the code flow with PKCE under any tenant; refresh returns a new refresh token', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const back = await ms.consent({ email: EMAIL, verifier, tenant: 'consumers' });
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-ms');
    const code = back.searchParams.get('code')!;
    const res = await ms.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, 'consumers');
    expect(res).toEqual({
      status: 200,
      body: {
        token_type: 'Bearer',
        scope: 'openid email https://graph.microsoft.com/Contacts.Read',
        expires_in: 3600,
        ext_expires_in: 3600,
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        id_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.$/),
      },
    });
    const claims = JSON.parse(Buffer.from(res.body.id_token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ aud: CLIENT.id, preferred_username: EMAIL, email: EMAIL, ver: '2.0' });
    // The account was created by the sign-in (login_hint).
    expect((await h.admin('GET', '/microsoft/accounts')).body.accounts).toEqual([{ email: EMAIL, contacts: 0 }]);

    const refreshed = await ms.token({ grant_type: 'refresh_token', refresh_token: res.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toEqual(expect.any(String));
    expect(refreshed.body.refresh_token).not.toBe(res.body.refresh_token);
    expect(refreshed.body.access_token).not.toBe(res.body.access_token);
    expect((await ms.graph(refreshed.body.access_token).api('/me/contacts').get()).value).toEqual([]);
    // The new refresh token works; the old one is not revoked by its use (refresh-tokens page).
    expect((await ms.token({ grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token })).status).toBe(200);
    expect((await ms.token({ grant_type: 'refresh_token', refresh_token: res.body.refresh_token })).status).toBe(200);
    expect((await h.admin('GET', `/requests?account=${EMAIL}`)).body.byOperation['oauth.token']).toBe(4);

    // Without offline_access there is no refresh token; without openid no ID token.
    const online = await ms.authorize({ email: EMAIL, scope: ['Contacts.ReadWrite'], tenant: 'organizations' });
    expect(online).toEqual({ token_type: 'Bearer', scope: 'Contacts.ReadWrite', expires_in: 3600, ext_expires_in: 3600, access_token: expect.any(String) });
  });

  it('refuses a wrong PKCE verifier, a reused code and a wrong redirect_uri with invalid_grant', async () => {
    const mismatch = await ms.authorize({ email: EMAIL, presentedVerifier: randomBytes(32).toString('base64url') }).catch((e) => e);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toEqual(AADSTS_ERROR('invalid_grant', 501481));

    const verifier = randomBytes(32).toString('base64url');
    const code = (await ms.consent({ email: EMAIL, verifier })).searchParams.get('code')!;
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier };
    expect((await ms.token({ ...form, redirect_uri: 'http://127.0.0.1:1/other' })).body).toEqual(AADSTS_ERROR('invalid_grant', 70000));
    expect((await ms.token(form)).body).toEqual(AADSTS_ERROR('invalid_grant', 54005)); // the failed attempt used the code
    expect((await ms.token({ ...form, code: 'never-issued' })).body).toEqual(AADSTS_ERROR('invalid_grant', 9002313));
    expect((await ms.token({ grant_type: 'authorization_code', redirect_uri: REDIRECT })).body).toEqual(AADSTS_ERROR('invalid_request', 900144));
  });

  it('answers revoked refresh tokens with invalid_grant and checks the client secret', async () => {
    const tokens = await ms.authorize({ email: EMAIL });
    expect((await h.admin('POST', `/microsoft/accounts/${EMAIL}/revoke`)).status).toBe(204);
    const revoked = await ms.token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
    expect(revoked).toEqual({ status: 400, body: AADSTS_ERROR('invalid_grant', 70000) });
    const api = await fetch(`${h.base}/v1.0/me/contacts`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(api.status).toBe(401);

    const again = await ms.authorize({ email: EMAIL });
    const wrongSecret = await ms.token({ grant_type: 'refresh_token', refresh_token: again.refresh_token!, client_secret: 'nope' });
    expect(wrongSecret).toEqual({ status: 401, body: AADSTS_ERROR('invalid_client', 7000215) });
    const unknownApp = await ms.token({ grant_type: 'refresh_token', refresh_token: again.refresh_token!, client_id: 'someone-else' });
    expect(unknownApp.body).toEqual(AADSTS_ERROR('unauthorized_client', 700016));
    expect((await ms.token({ grant_type: 'password' })).body).toEqual(AADSTS_ERROR('unsupported_grant_type', 70003));
    const basic = await fetch(`${h.base}/common/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: again.refresh_token! }),
    });
    expect(basic.status).toBe(200);
    // Google tokens are not Microsoft tokens.
    expect((await ms.token({ grant_type: 'refresh_token', refresh_token: (await h.authorize({ email: EMAIL })).refresh_token! })).status).toBe(400);
  });

  it('redirects refusals and bad requests with error and error_description; shows an error page for untrusted redirects', async () => {
    await h.admin('POST', '/microsoft/accounts', { email: EMAIL });
    await h.admin('POST', `/microsoft/accounts/${EMAIL}/next-consent`, { deny: true });
    const verifier = randomBytes(32).toString('base64url');
    const denied = await ms.consent({ email: EMAIL, verifier });
    expect(Object.fromEntries(denied.searchParams)).toEqual({ error: 'access_denied', error_subcode: 'cancel', error_description: expect.stringMatching(/^AADSTS65004: /), state: 'st-ms' });

    await h.admin('POST', `/microsoft/accounts/${EMAIL}/next-consent`, { grantOnly: ['offline_access', 'openid'] });
    const partial = await ms.authorize({ email: EMAIL });
    expect(partial.scope).toBe('openid');
    expect((await ms.graph(partial.access_token).api('/me/contacts').get().catch((e) => e)).statusCode).toBe(403);

    const none = await ms.consent({ email: 'fresh@outlook.example', verifier, extra: { prompt: 'none' } });
    expect(none.searchParams.get('error')).toBe('consent_required');
    for (const [extra, error] of [
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ scope: '' }, 'invalid_request'],
    ] as const) {
      const back = await ms.consent({ email: EMAIL, verifier, extra });
      expect([back.searchParams.get('error'), back.searchParams.get('state')]).toEqual([error, 'st-ms']);
      expect(back.searchParams.get('error_description')).toMatch(/^AADSTS\d+: /);
    }
    for (const [extra, text] of [
      [{ redirect_uri: 'not a url' }, 'AADSTS50011'],
      [{ client_id: 'unknown' }, 'AADSTS700016'],
      [{ login_hint: '' }, 'login_hint'],
    ] as const) {
      const res = await fetch(`${h.base}/common/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: CLIENT.id, redirect_uri: REDIRECT, response_type: 'code', scope: 'Contacts.Read', login_hint: EMAIL, code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', ...(extra as Record<string, string>) })}`, { redirect: 'manual' });
      expect([res.status, await res.text()]).toEqual([400, expect.stringContaining(text)]);
    }
  });
});
