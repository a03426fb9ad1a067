import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPkcePair } from '../oauth/pkce';
import { microsoftEmulatorEndpoints, MICROSOFT_PRODUCTION_ENDPOINTS } from '../provider-endpoints';
import { ProviderAuthError, ProviderUnavailableError } from '../provider-errors';
import { MICROSOFT_CONTACTS_SCOPES, MicrosoftOAuthProvider } from './microsoft-oauth-provider';

const client = { clientId: 'app-id', clientSecret: 'app-secret' };

describe('MicrosoftOAuthProvider.authorizationUrl', () => {
  it('asks the v2.0 authorize endpoint for a code with PKCE S256 and the contact scopes', () => {
    const provider = new MicrosoftOAuthProvider({ ...MICROSOFT_PRODUCTION_ENDPOINTS, ...client });
    const { challenge } = createPkcePair();
    const url = new URL(provider.authorizationUrl({ state: 's.t.a.t.e', codeChallenge: challenge, redirectUri: 'https://crm.example/oauth/callback', loginHint: 'alan@outlook.example' }));
    expect(`${url.origin}${url.pathname}`).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'app-id',
      response_type: 'code',
      redirect_uri: 'https://crm.example/oauth/callback',
      response_mode: 'query',
      scope: 'offline_access https://graph.microsoft.com/Contacts.ReadWrite openid email',
      state: 's.t.a.t.e',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      login_hint: 'alan@outlook.example',
    });
    // Never an invitation to pick another mailbox than the one asked for.
    expect(url.searchParams.has('prompt')).toBe(false);
    expect(provider.scopes).toEqual(MICROSOFT_CONTACTS_SCOPES);
    expect(provider.provider).toBe('microsoft');
    expect(url.searchParams.has('client_secret')).toBe(false);
  });

  it('uses the configured authority (emulator, tenant)', () => {
    const emulator = new MicrosoftOAuthProvider({ ...microsoftEmulatorEndpoints('http://127.0.0.1:3100/'), ...client });
    expect(emulator.authorizationUrl({ state: 's', codeChallenge: 'c', redirectUri: 'http://r', loginHint: 'h' })).toMatch(/^http:\/\/127\.0\.0\.1:3100\/common\/oauth2\/v2\.0\/authorize\?/);
    expect(emulator.tokenUrl).toBe('http://127.0.0.1:3100/common/oauth2/v2.0/token');
    const tenant = new MicrosoftOAuthProvider({ graphBaseUrl: 'https://graph.microsoft.com', authorityUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/', ...client });
    expect(tenant.tokenUrl).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token');
  });
});

describe('MicrosoftOAuthProvider token calls (local token endpoint stub)', () => {
  let server: Server;
  let authority: string;
  const received: { path: string; contentType?: string; form: Record<string, string> }[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: {} };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', contentType: req.headers['content-type'], form: Object.fromEntries(new URLSearchParams(raw)) });
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    authority = `http://127.0.0.1:${(server.address() as AddressInfo).port}/common`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (received.length = 0));

  const provider = () => new MicrosoftOAuthProvider({ graphBaseUrl: 'http://unused', authorityUrl: authority, ...client });

  it('exchanges the code (form-encoded, with the verifier and secret) and keeps the real expiry', async () => {
    answer = {
      status: 200,
      body: { token_type: 'Bearer', scope: 'https://graph.microsoft.com/Contacts.ReadWrite openid email', expires_in: 3599, ext_expires_in: 3599, access_token: 'at-1', refresh_token: 'rt-1', id_token: 'x.y.z' },
    };
    const before = Date.now();
    const tokens = await provider().exchangeCode('the-code', 'the-verifier', 'https://crm.example/cb');
    expect(tokens).toEqual({ accessToken: 'at-1', refreshToken: 'rt-1', scope: 'https://graph.microsoft.com/Contacts.ReadWrite openid email', expiresAt: expect.any(Date) });
    expect(tokens.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3599_000);
    expect(tokens.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 3599_000);
    expect(received).toEqual([
      {
        path: '/common/oauth2/v2.0/token',
        contentType: 'application/x-www-form-urlencoded',
        form: {
          client_id: 'app-id',
          client_secret: 'app-secret',
          scope: 'offline_access https://graph.microsoft.com/Contacts.ReadWrite openid email',
          grant_type: 'authorization_code',
          code: 'the-code',
          redirect_uri: 'https://crm.example/cb',
          code_verifier: 'the-verifier',
        },
      },
    ]);
  });

  it('returns the rotated refresh token on refresh', async () => {
    answer = { status: 200, body: { token_type: 'Bearer', expires_in: '4000', access_token: 'at-2', refresh_token: 'rt-2-rotated' } };
    const tokens = await provider().refresh('rt-1');
    expect(tokens.accessToken).toBe('at-2');
    expect(tokens.refreshToken).toBe('rt-2-rotated');
    expect(tokens.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3900_000);
    expect(received[0]?.form).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'rt-1', client_id: 'app-id', client_secret: 'app-secret' });
  });

  it('maps invalid_grant and interaction_required to an auth error', async () => {
    answer = { status: 400, body: { error: 'invalid_grant', error_description: 'AADSTS70000: The provided grant has expired due to it being revoked.', error_codes: [70000] } };
    const err = await provider().refresh('revoked').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderAuthError);
    expect((err as Error).message).toContain('invalid_grant');
    answer = { status: 400, body: { error: 'interaction_required', error_description: 'AADSTS50076: MFA required' } };
    await expect(provider().refresh('x')).rejects.toBeInstanceOf(ProviderAuthError);
  });

  it('maps a server error, a response without access_token and an unreachable endpoint to unavailable', async () => {
    answer = { status: 503, body: '<html>busy</html>' };
    await expect(provider().refresh('x')).rejects.toBeInstanceOf(ProviderUnavailableError);
    answer = { status: 200, body: { token_type: 'Bearer' } };
    await expect(provider().refresh('x')).rejects.toBeInstanceOf(ProviderUnavailableError);
    const closed = new MicrosoftOAuthProvider({ graphBaseUrl: 'http://unused', authorityUrl: 'http://127.0.0.1:1/common', ...client });
    await expect(closed.refresh('x')).rejects.toBeInstanceOf(ProviderUnavailableError);
  });
});
