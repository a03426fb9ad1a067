import { UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActorTokenEnv } from './actor-token-env.schema';
import { ActorTokenVerifier } from './actor-token.verifier';

const secret = 'a-very-long-shared-secret-of-40-characters';
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const keys = rsa();
const signer = new JwtService();
const claims = { sub: 'u1', company_id: 'c1' };

const hs256 = (payload: object = claims, options: { secret?: string; expiresIn?: number; issuer?: string; audience?: string } = {}) =>
  signer.sign(payload, { algorithm: 'HS256', secret: options.secret ?? secret, expiresIn: options.expiresIn ?? 300, ...(options.issuer ? { issuer: options.issuer } : {}), ...(options.audience ? { audience: options.audience } : {}) });
const rs256 = (privateKey = keys.privateKey) => signer.sign(claims, { algorithm: 'RS256', privateKey, expiresIn: 300 });
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

const verifier = (config: Partial<ActorTokenEnv> = {}) => new ActorTokenVerifier({ ACTOR_JWT_ALGORITHM: 'HS256', ACTOR_JWT_SECRET: secret, ...config });
const rsVerifier = () => verifier({ ACTOR_JWT_ALGORITHM: 'RS256', ACTOR_JWT_SECRET: undefined, ACTOR_JWT_PUBLIC_KEY: keys.publicKey });

/** The 401 message of a verification, or 'ok'. */
function outcome(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(UnauthorizedException);
    return (err as UnauthorizedException).message;
  }
}

describe('ActorTokenVerifier', () => {
  it('HS256: a valid token gives the acting user', () => {
    expect(verifier().verify(hs256())).toEqual({ userId: 'u1', companyId: 'c1' });
    expect(verifier().verifyAuthorization(`Bearer ${hs256({ sub: 'user.7:x_y-z', company_id: 'C-9' })}`)).toEqual({ userId: 'user.7:x_y-z', companyId: 'C-9' });
  });

  it('RS256: a token signed with the private key verifies with the public key', () => {
    expect(rsVerifier().verify(rs256())).toEqual({ userId: 'u1', companyId: 'c1' });
    expect(outcome(() => rsVerifier().verify(rs256(rsa().privateKey)))).toBe('actor token has an invalid signature');
  });

  it('needs a bearer token', () => {
    for (const header of [undefined, '', 'Basic dTE6cHc=', 'Bearer', `Token ${hs256()}`]) {
      expect(outcome(() => verifier().verifyAuthorization(header))).toBe('missing bearer token (Authorization: Bearer <actor JWT>)');
    }
  });

  it('refuses expired tokens, beyond the clock tolerance', () => {
    expect(outcome(() => verifier().verify(hs256(claims, { expiresIn: -120 })))).toBe('actor token expired');
    // Within 30 s of skew still passes.
    expect(outcome(() => verifier().verify(hs256(claims, { expiresIn: -10 })))).toBe('ok');
  });

  it('requires exp', () => {
    const noExp = signer.sign(claims, { algorithm: 'HS256', secret });
    expect(outcome(() => verifier().verify(noExp))).toBe('actor token lacks an expiry (exp)');
  });

  it('refuses a token signed with another secret, or tampered with', () => {
    expect(outcome(() => verifier().verify(hs256(claims, { secret: 'another-secret-that-is-long-enough-too' })))).toBe('actor token has an invalid signature');
    const [header, , signature] = hs256().split('.');
    const forged = `${header}.${b64({ sub: 'admin', company_id: 'c1', exp: Math.floor(Date.now() / 1000) + 300 })}.${signature}`;
    expect(outcome(() => verifier().verify(forged))).toBe('actor token has an invalid signature');
    expect(outcome(() => verifier().verify('not-a-jwt'))).toBe('actor token is malformed');
  });

  it('uses the configured algorithm, never the token header\'s (alg confusion, alg none)', () => {
    // HS256 signed with the RSA public key as the HMAC secret: the classic confusion attack.
    const confused = signer.sign(claims, { algorithm: 'HS256', secret: keys.publicKey, expiresIn: 300 });
    expect(outcome(() => rsVerifier().verify(confused))).toBe('actor token is not signed with RS256');
    expect(outcome(() => rsVerifier().verify(hs256()))).toBe('actor token is not signed with RS256');
    expect(outcome(() => verifier().verify(rs256()))).toBe('actor token is not signed with HS256');

    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: Math.floor(Date.now() / 1000) + 300 })}.`;
    expect(outcome(() => verifier().verify(unsigned))).toBe('actor token is not signed');
    expect(outcome(() => rsVerifier().verify(unsigned))).toBe('actor token is not signed');
    // alg none with a (bogus) signature part still is not the configured algorithm.
    expect(outcome(() => verifier().verify(`${unsigned}c2ln`))).toBe('actor token is not signed with HS256');
  });

  it('requires sub and company_id', () => {
    expect(outcome(() => verifier().verify(hs256({ company_id: 'c1' })))).toBe('actor token lacks the user (sub)');
    expect(outcome(() => verifier().verify(hs256({ sub: 'u1' })))).toBe('actor token lacks the company (company_id)');
    expect(outcome(() => verifier().verify(hs256({ sub: 'u1', company_id: 42 })))).toBe('actor token lacks the company (company_id)');
  });

  it('refuses ids outside [A-Za-z0-9_.:-]{1,128}', () => {
    expect(outcome(() => verifier().verify(hs256({ sub: 'u1/../admin', company_id: 'c1' })))).toBe('actor token sub is not a valid user id');
    expect(outcome(() => verifier().verify(hs256({ sub: 'u1', company_id: 'c 1' })))).toBe('actor token company_id is not a valid company id');
    expect(outcome(() => verifier().verify(hs256({ sub: 'u'.repeat(129), company_id: 'c1' })))).toBe('actor token sub is not a valid user id');
  });

  it('checks iss and aud when configured', () => {
    const strict = verifier({ ACTOR_JWT_ISSUER: 'crm', ACTOR_JWT_AUDIENCE: 'contact-sync' });
    expect(strict.verify(hs256(claims, { issuer: 'crm', audience: 'contact-sync' }))).toEqual({ userId: 'u1', companyId: 'c1' });
    expect(outcome(() => strict.verify(hs256(claims, { issuer: 'elsewhere', audience: 'contact-sync' })))).toBe('actor token is from another issuer (iss)');
    expect(outcome(() => strict.verify(hs256(claims, { issuer: 'crm', audience: 'billing' })))).toBe('actor token is for another audience (aud)');
    expect(outcome(() => strict.verify(hs256()))).toBe('actor token is for another audience (aud)');
    // Not configured: not checked.
    expect(verifier().verify(hs256(claims, { issuer: 'elsewhere', audience: 'billing' }))).toEqual({ userId: 'u1', companyId: 'c1' });
  });

  it('will not start without the key its algorithm needs', () => {
    expect(() => verifier({ ACTOR_JWT_SECRET: undefined })).toThrow(/no key configured for HS256/);
    expect(() => verifier({ ACTOR_JWT_ALGORITHM: 'RS256' })).toThrow(/no key configured for RS256/);
  });

  it('bounds a token\'s age and lifetime by ACTOR_JWT_MAX_AGE_SECONDS, and needs iat', () => {
    const v = verifier({ ACTOR_JWT_MAX_AGE_SECONDS: 600 });
    expect(outcome(() => v.verify(hs256(claims, { expiresIn: 600 })))).toBe('ok');
    expect(outcome(() => v.verify(hs256(claims, { expiresIn: 601 })))).toBe('actor token lives longer than the 600 s allowed (exp - iat)');
    const now = Math.floor(Date.now() / 1000);
    const old = signer.sign({ ...claims, iat: now - 700, exp: now + 60 }, { algorithm: 'HS256', secret });
    expect(outcome(() => v.verify(old))).toBe('actor token is older than the 600 s allowed (iat)');
    const noIat = signer.sign({ ...claims, exp: now + 60 }, { algorithm: 'HS256', secret, noTimestamp: true });
    expect(outcome(() => v.verify(noIat))).toBe('actor token lacks its issue time (iat)');
  });

  describe('with a key set (JWKS): the token\'s kid picks the key, keys rotate without a restart', () => {
    const k1 = rsa();
    const k2 = rsa();
    const jwk = (publicKey: string, kid: string) => ({ ...createPublicKey(publicKey).export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' });
    const signed = (privateKey: string, kid?: string) => signer.sign(claims, { algorithm: 'RS256', privateKey, expiresIn: 300, ...(kid ? { keyid: kid } : {}) });

    it('JWKS file: rewritten with a new key, then without the old one', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
      const write = (keys: object[]) => {
        writeFileSync(`${file}.next`, JSON.stringify({ keys }));
        renameSync(`${file}.next`, file);
      };
      write([jwk(k1.publicKey, 'k1')]);
      const v = verifier({ ACTOR_JWT_ALGORITHM: 'RS256', ACTOR_JWT_SECRET: undefined, ACTOR_JWT_JWKS_FILE: file });
      expect(outcome(() => v.verify(signed(k1.privateKey, 'k1')))).toBe('ok');
      expect(outcome(() => v.verify(signed(k1.privateKey)))).toBe('actor token names no signing key (kid)');
      expect(outcome(() => v.verify(signed(k2.privateKey, 'k2')))).toBe('actor token is signed with an unknown key (kid "k2")');
      // A token naming k1 but signed with another key is still a bad signature.
      expect(outcome(() => v.verify(signed(k2.privateKey, 'k1')))).toBe('actor token has an invalid signature');

      write([jwk(k2.publicKey, 'k2'), jwk(k1.publicKey, 'k1')]);
      await until(() => outcome(() => v.verify(signed(k2.privateKey, 'k2'))) === 'ok');
      expect(outcome(() => v.verify(signed(k1.privateKey, 'k1')))).toBe('ok');
      write([jwk(k2.publicKey, 'k2')]);
      await until(() => outcome(() => v.verify(signed(k1.privateKey, 'k1'))) !== 'ok');
      expect(outcome(() => v.verify(signed(k1.privateKey, 'k1')))).toBe('actor token is signed with an unknown key (kid "k1")');
    });

    it('JWKS file with HS256 keys (oct), and keys that do not fit are refused at start-up', () => {
      const file = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
      const k = randomBytes(32);
      writeFileSync(file, JSON.stringify({ keys: [{ kty: 'oct', kid: 's1', k: k.toString('base64url') }] }));
      const v = verifier({ ACTOR_JWT_SECRET: undefined, ACTOR_JWT_JWKS_FILE: file });
      expect(outcome(() => v.verify(signer.sign(claims, { algorithm: 'HS256', secret: k, expiresIn: 300, keyid: 's1' })))).toBe('ok');
      writeFileSync(file, JSON.stringify({ keys: [jwk(k1.publicKey, 'k1')] }));
      expect(() => verifier({ ACTOR_JWT_SECRET: undefined, ACTOR_JWT_JWKS_FILE: file })).toThrow(/key "k1" is for RS256, not HS256/);
      writeFileSync(file, JSON.stringify({ keys: [{ ...jwk(k1.publicKey, 'k1'), alg: undefined }] }));
      expect(() => verifier({ ACTOR_JWT_SECRET: undefined, ACTOR_JWT_JWKS_FILE: file })).toThrow(/must be an "oct" key/);
    });

    it('JWKS URL: fetched at start, fetched again when a token names a key it does not know', async () => {
      let keys = [jwk(k1.publicKey, 'k1')];
      let fetches = 0;
      const server: Server = createServer((_req, res) => {
        fetches++;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
        const v = verifier({ ACTOR_JWT_ALGORITHM: 'RS256', ACTOR_JWT_SECRET: undefined, ACTOR_JWT_JWKS_URL: url, ACTOR_JWT_JWKS_REFRESH_SECONDS: 3600 });
        await v.onModuleInit();
        expect(fetches).toBe(1);
        expect(outcome(() => v.verify(signed(k1.privateKey, 'k1')))).toBe('ok');
        keys = [jwk(k2.publicKey, 'k2'), jwk(k1.publicKey, 'k1')];
        // Within 30 s of the last fetch an unknown kid does not refetch (forged kids cannot flood the CRM).
        expect(outcome(() => v.verify(signed(k2.privateKey, 'k2')))).toBe('actor token is signed with an unknown key (kid "k2")');
        expect(fetches).toBe(1);
        v.onModuleDestroy();
      } finally {
        server.close();
      }
    });
  });
});

/** Polls (bounded) until the condition holds: a key file is re-read at most once a second. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !condition(); i++) await new Promise((r) => setTimeout(r, 100));
  expect(condition()).toBe(true);
}
