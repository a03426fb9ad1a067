import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderUnavailableError } from '../provider-errors';
import { googleEmulatorEndpoints } from '../provider-endpoints';
import { MicrosoftOAuthProvider } from '../microsoft/microsoft-oauth-provider';
import { GoogleOAuthProvider } from './google-oauth-provider';

/** A revoke endpoint that knows one token, answering as oauth2.googleapis.com/revoke does. */
async function revokeStub(known: string, status = 200): Promise<{ base: string; bodies: string[]; close: () => Promise<void> }> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(`${req.method} ${req.url} ${body}`);
      const token = new URLSearchParams(body).get('token');
      if (req.url !== '/revoke') return void res.writeHead(404).end();
      if (status !== 200) return void res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":"backend_error"}');
      if (token === known) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_token","error_description":"Token expired or revoked"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('OAuthProvider.revoke', () => {
  it('Google: POSTs the refresh token to the revoke endpoint; an unknown or already revoked token counts as revoked', async () => {
    const s = await revokeStub('1//refresh');
    try {
      const provider = new GoogleOAuthProvider({ ...googleEmulatorEndpoints(s.base), clientId: 'c', clientSecret: 's' });
      await expect(provider.revoke('1//refresh')).resolves.toBe('revoked');
      await expect(provider.revoke('1//unknown')).resolves.toBe('revoked');
      expect(s.bodies[0]).toBe('POST /revoke token=1%2F%2Frefresh');
    } finally {
      await s.close();
    }
  });

  it('Google: derives the revoke URL from the token URL when none is configured, and maps a 5xx', async () => {
    const s = await revokeStub('x', 503);
    try {
      const provider = new GoogleOAuthProvider({ apiRootUrl: `${s.base}/`, authUrl: `${s.base}/auth`, tokenUrl: `${s.base}/token`, clientId: 'c', clientSecret: 's' });
      await expect(provider.revoke('x')).rejects.toBeInstanceOf(ProviderUnavailableError);
      expect(s.bodies[0]?.startsWith('POST /revoke ')).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('Microsoft: not supported (no per-app revocation of one refresh token)', async () => {
    const provider = new MicrosoftOAuthProvider({ graphBaseUrl: 'http://127.0.0.1:1', authorityUrl: 'http://127.0.0.1:1/common', clientId: 'c', clientSecret: 's' });
    await expect(provider.revoke('anything')).resolves.toBe('not_supported');
  });
});
