import { UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { generateKeyPairSync } from 'node:crypto';
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
});
