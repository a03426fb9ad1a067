import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessTokenClient, AccessTokenUnavailableError, AccountGoneError, ReconnectNeededError, TOKEN_REUSE_MARGIN_MS } from './access-token.client';

type Answer = { status: number; body: unknown };

/** A tiny stand-in for accounts' internal token endpoint: answers from a script, records requests. */
describe('AccessTokenClient (local HTTP server)', () => {
  let server: Server;
  let baseUrl: string;
  const requests: { url: string; auth: string | undefined }[] = [];
  const answers: Answer[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      requests.push({ url: req.url ?? '', auth: req.headers.authorization });
      const answer = answers.shift() ?? { status: 500, body: {} };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => {
    requests.length = 0;
    answers.length = 0;
  });

  const client = () => new AccessTokenClient({ ACCOUNTS_INTERNAL_URL: `${baseUrl}/`, INTERNAL_API_KEY: `ingest.${'x'.repeat(43)}` });
  const token = (accessToken: string, inMs: number): Answer => ({ status: 200, body: { accessToken, expiresAt: new Date(Date.now() + inMs).toISOString(), provider: 'google' } });

  it('caches a token until shortly before it expires, and a forced refresh bypasses the cache', async () => {
    const c = client();
    answers.push(token('t1', 10 * 60_000), token('t2', 10 * 60_000));
    expect(await c.get('a1')).toBe('t1');
    expect(await c.get('a1')).toBe('t1');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toEqual({ url: '/internal/accounts/a1/access-token', auth: `Bearer ingest.${'x'.repeat(43)}` });
    expect(await c.get('a1', true)).toBe('t2');
    expect(requests[1].url).toBe('/internal/accounts/a1/access-token?force=true');
  });

  it('asks again for a token that is about to expire', async () => {
    const c = client();
    answers.push(token('short', TOKEN_REUSE_MARGIN_MS - 1000), token('fresh', 10 * 60_000));
    expect(await c.get('a1')).toBe('short');
    expect(await c.get('a1')).toBe('fresh');
    expect(requests).toHaveLength(2);
  });

  it('maps only 409 reconnect_needed to reconnect, 404 to gone, anything else to retryable', async () => {
    const c = client();
    answers.push(
      { status: 409, body: { statusCode: 409, code: 'reconnect_needed', message: 'the account must be reconnected' } },
      { status: 404, body: { message: 'account not found or disconnected' } },
      { status: 409, body: { message: 'some other conflict' } },
      { status: 503, body: {} },
    );
    await expect(c.get('a1')).rejects.toBeInstanceOf(ReconnectNeededError);
    await expect(c.get('a1')).rejects.toBeInstanceOf(AccountGoneError);
    await expect(c.get('a1')).rejects.toBeInstanceOf(AccessTokenUnavailableError);
    await expect(c.get('a1')).rejects.toBeInstanceOf(AccessTokenUnavailableError);
  });

  it('an unreachable accounts service is retryable, not reconnect', async () => {
    const c = new AccessTokenClient({ ACCOUNTS_INTERNAL_URL: 'http://127.0.0.1:1', INTERNAL_API_KEY: `ingest.${'x'.repeat(43)}` });
    await expect(c.get('a1')).rejects.toBeInstanceOf(AccessTokenUnavailableError);
  });
});
