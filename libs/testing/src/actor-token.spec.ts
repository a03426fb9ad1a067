import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActorTokenVerifier } from '@contact-sync/platform';
import { signActorToken } from './actor-token';
import { CrmUser } from './crm-user';

const secret = 'a-very-long-shared-secret-of-40-characters';
const verifier = new ActorTokenVerifier({ ACTOR_JWT_ALGORITHM: 'HS256', ACTOR_JWT_SECRET: secret });
const part = (token: string, i: number) => JSON.parse(Buffer.from(token.split('.')[i]!, 'base64url').toString()) as Record<string, unknown>;

describe('signActorToken', () => {
  it('signs what the services verify: HS256, sub, company_id, exp after ttl', () => {
    const token = signActorToken({ userId: 'u1', companyId: 'c1' }, secret, 120);
    expect(verifier.verify(token)).toEqual({ userId: 'u1', companyId: 'c1' });
    expect(part(token, 0)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const payload = part(token, 1) as { exp: number; iat: number };
    expect(payload.exp - payload.iat).toBe(120);
  });
});

describe('CrmUser', () => {
  let server: Server;
  let base: string;
  const received: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends a bearer acting-user token to both APIs, not identity headers', async () => {
    const user = new CrmUser('u1', 'c1', { accounts: base, contacts: base }, secret);
    await user.contacts('GET', '/persons');
    await user.accounts('GET', '/accounts');
    expect(received).toHaveLength(2);
    for (const headers of received) {
      expect(verifier.verifyAuthorization(headers.authorization)).toEqual({ userId: 'u1', companyId: 'c1' });
      expect(headers['x-user-id']).toBeUndefined();
    }
  });
});
