import { createHash, randomBytes } from 'node:crypto';
import { CLIENT, CONTACTS_SCOPE, EmulatorHarness, REDIRECT, rejectionOf } from '../../testing/emulator-harness';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

const EMAIL = 'tester@example.com';
const REVOKED = { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' };

/** Google's OAuth 2.0 endpoints through google-auth-library's OAuth2Client, only its endpoints changed. */
describe('Google OAuth 2.0 through google-auth-library', () => {
  const h = EmulatorHarness.forSuite();

  it('runs the code flow with PKCE: consent redirect, code exchange, refresh', async () => {
    const client = h.oauthClient();
    const back = await h.consent(client, { email: EMAIL });
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-123');
    expect(back.searchParams.get('scope')).toBe(CONTACTS_SCOPE);
    expect(back.searchParams.get('code')).toMatch(/^4\/0A/);

    const tokens = await h.authorize({ email: EMAIL }, client);
    expect(tokens).toMatchObject({ access_token: expect.stringMatching(/^ya29\./), refresh_token: expect.stringMatching(/^1\/\/0/), scope: CONTACTS_SCOPE, token_type: 'Bearer' });
    expect(tokens.expiry_date! - Date.now()).toBeGreaterThan(3500_000);
    // The account was created by the consent (login_hint).
    expect((await h.admin('GET', '/google/accounts')).body.accounts).toEqual([{ email: EMAIL, persons: 0 }]);

    client.setCredentials({ refresh_token: tokens.refresh_token });
    const refreshed = (await client.refreshAccessToken()).credentials;
    expect(refreshed.access_token).toMatch(/^ya29\./);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect((await h.people(refreshed.access_token!).contactGroups.list({}, { retry: false })).status).toBe(200);

    // Through the /google prefix too.
    const prefixed = await h.authorize({ email: EMAIL, prompt: 'consent' }, h.oauthClient('/google'));
    expect(prefixed.refresh_token).toBeDefined();
  });

  it('refuses a wrong PKCE verifier and a code used twice with invalid_grant', async () => {
    const mismatch = await rejectionOf(h.authorize({ email: EMAIL, presentedVerifier: randomBytes(32).toString('base64url') }));
    expect(mismatch.constructor.name).toBe('GaxiosError');
    expect(mismatch.status).toBe(400);
    expect(mismatch.response.data).toEqual({ error: 'invalid_grant', error_description: 'Invalid code verifier.' });

    const client = h.oauthClient();
    const verifier = randomBytes(32).toString('base64url');
    const code = (await h.consent(client, { email: EMAIL, verifier })).searchParams.get('code')!;
    await client.getToken({ code, codeVerifier: verifier });
    const reused = await rejectionOf(client.getToken({ code, codeVerifier: verifier }));
    expect(reused.response.data).toMatchObject({ error: 'invalid_grant' });

    const unknown = await rejectionOf(client.getToken({ code: '4/0Anot-issued', codeVerifier: verifier }));
    expect(unknown.response.data).toEqual({ error: 'invalid_grant', error_description: 'Malformed auth code.' });
  });

  it('answers a revoked refresh token with invalid_grant, "Token has been expired or revoked."', async () => {
    await h.admin('POST', '/google/accounts', { email: EMAIL });
    const tokens = await h.authorize({ email: EMAIL });
    const client = h.oauthClient();
    client.setCredentials({ refresh_token: tokens.refresh_token });
    expect((await h.admin('POST', `/google/accounts/${EMAIL}/revoke`)).status).toBe(204);

    const err = await rejectionOf(client.refreshAccessToken());
    expect(err.status).toBe(400);
    expect(err.response.data).toEqual(REVOKED);
    // The access tokens of the grant stopped working as well.
    expect((await rejectionOf(h.people(tokens.access_token!).contactGroups.list({}, { retry: false }))).status).toBe(401);

    // Revoking through the revoke endpoint (what a disconnect does) has the same effect.
    const again = await h.authorize({ email: EMAIL, prompt: 'consent' });
    const revoker = h.oauthClient();
    await revoker.revokeToken(again.refresh_token!);
    revoker.setCredentials({ refresh_token: again.refresh_token });
    expect((await rejectionOf(revoker.refreshAccessToken())).response.data).toEqual(REVOKED);
    expect((await rejectionOf(revoker.revokeToken('never-issued'))).response.data).toEqual({ error: 'invalid_token', error_description: 'Token expired or revoked' });
  });

  it('checks the client credentials', async () => {
    const tokens = await h.authorize({ email: EMAIL });
    const form = (body: Record<string, string>) =>
      fetch(`${h.base}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });

    const wrongSecret = await form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: CLIENT.id, client_secret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toEqual({ error: 'invalid_client', error_description: 'Unauthorized' });
    const unknownClient = await form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: 'someone-else', client_secret: 'x' });
    expect(await unknownClient.json()).toEqual({ error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    const badGrant = await form({ grant_type: 'password', client_id: CLIENT.id, client_secret: CLIENT.secret });
    expect(await badGrant.json()).toEqual({ error: 'unsupported_grant_type', error_description: 'Invalid grant_type: password' });
    // HTTP Basic client authentication works as well.
    const basic = await fetch(`${h.base}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }),
    });
    expect(basic.status).toBe(200);
    expect(await basic.json()).toEqual({ access_token: expect.any(String), expires_in: 3600, scope: CONTACTS_SCOPE, token_type: 'Bearer' });
  });

  it('gives a refresh token for offline access on a first or forced consent only', async () => {
    expect((await h.authorize({ email: EMAIL, accessType: 'online' })).refresh_token).toBeUndefined();
    expect((await h.authorize({ email: EMAIL })).refresh_token).toBeDefined();
    expect((await h.authorize({ email: EMAIL })).refresh_token).toBeUndefined();
    expect((await h.authorize({ email: EMAIL, prompt: 'consent' })).refresh_token).toBeDefined();
  });

  it('redirects a refused consent with error=access_denied and shows malformed requests an error page', async () => {
    await h.admin('POST', '/google/accounts', { email: EMAIL });
    expect((await h.admin('POST', `/google/accounts/${EMAIL}/next-consent`, { deny: true })).status).toBe(204);
    const denied = await h.consent(h.oauthClient(), { email: EMAIL });
    expect(Object.fromEntries(denied.searchParams)).toEqual({ state: 'st-123', error: 'access_denied' });

    await h.admin('POST', `/google/accounts/${EMAIL}/next-consent`, { grantOnly: ['openid'] });
    const partial = await h.consent(h.oauthClient(), { email: EMAIL, scope: ['openid', CONTACTS_SCOPE] });
    expect(partial.searchParams.get('scope')).toBe('openid');

    const none = await h.consent(h.oauthClient(), { email: 'fresh@example.com', prompt: 'none' });
    expect(none.searchParams.get('error')).toBe('consent_required');

    const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
    const auth = (params: Record<string, string>) =>
      fetch(`${h.base}/o/oauth2/v2/auth?${new URLSearchParams({ client_id: CLIENT.id, redirect_uri: REDIRECT, response_type: 'code', scope: CONTACTS_SCOPE, login_hint: EMAIL, code_challenge: challenge, code_challenge_method: 'S256', ...params })}`, { redirect: 'manual' });
    expect((await auth({})).status).toBe(302);
    for (const [params, status, error] of [
      [{ client_id: 'unknown' }, 401, 'invalid_client'],
      [{ scope: '' }, 400, 'invalid_request'],
      [{ response_type: 'token' }, 400, 'unsupported_response_type'],
      [{ code_challenge_method: 'S512' }, 400, 'invalid_request'],
      [{ redirect_uri: 'not a url' }, 400, 'redirect_uri_mismatch'],
      [{ login_hint: '' }, 400, 'invalid_request'],
    ] as const) {
      const res = await auth(params);
      expect([res.status, await res.text()]).toEqual([status, expect.stringContaining(`Error ${status}: ${error}`)]);
    }
  });
});
