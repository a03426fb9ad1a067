import { generateKeyPairSync } from 'node:crypto';
import { baseEnvSchema } from '../config/base-env.schema';
import { validateEnv } from '../config/validate-env';
import { actorTokenEnvSchema, checkActorTokenEnv } from './actor-token-env.schema';

// As a service composes it: base settings + the fragment + the cross-field rule.
const schema = baseEnvSchema.merge(actorTokenEnvSchema).superRefine(checkActorTokenEnv);
const base = { PORT: '3003', KAFKA_BROKERS: '127.0.0.1:19092', MONGODB_URI: 'mongodb://127.0.0.1:27017' };
const secret = 'a-very-long-shared-secret-of-40-characters';
const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

describe('actorTokenEnvSchema', () => {
  it('defaults to HS256 and takes a long enough secret', () => {
    const env = validateEnv(schema, { ...base, ACTOR_JWT_SECRET: secret });
    expect(env).toMatchObject({ ACTOR_JWT_ALGORITHM: 'HS256', ACTOR_JWT_SECRET: secret });
    expect(env.ACTOR_JWT_ISSUER).toBeUndefined();
  });

  it('HS256 without a secret, or with a short one, names the variable and the rule', () => {
    expect(() => validateEnv(schema, base)).toThrow(/ACTOR_JWT_SECRET: with ACTOR_JWT_ALGORITHM=HS256 set exactly one of ACTOR_JWT_SECRET, ACTOR_JWT_JWKS_FILE/);
    expect(() => validateEnv(schema, { ...base, ACTOR_JWT_SECRET: 'short' })).toThrow(/ACTOR_JWT_SECRET: must be at least 32 characters/);
  });

  it('RS256 needs its public key, a JWKS file or a JWKS URL: exactly one, and never a shared secret', () => {
    expect(() => validateEnv(schema, { ...base, ACTOR_JWT_ALGORITHM: 'RS256', ACTOR_JWT_SECRET: secret })).toThrow(
      /ACTOR_JWT_SECRET: with ACTOR_JWT_ALGORITHM=RS256 set exactly one of ACTOR_JWT_PUBLIC_KEY, ACTOR_JWT_JWKS_FILE, ACTOR_JWT_JWKS_URL \(set: ACTOR_JWT_SECRET\)/,
    );
    expect(() => validateEnv(schema, { ...base, ACTOR_JWT_ALGORITHM: 'RS256', ACTOR_JWT_PUBLIC_KEY: publicKey, ACTOR_JWT_JWKS_URL: 'https://crm.example/jwks.json' })).toThrow(/set exactly one of/);
    expect(validateEnv(schema, { ...base, ACTOR_JWT_ALGORITHM: 'RS256', ACTOR_JWT_JWKS_URL: 'https://crm.example/jwks.json' })).toMatchObject({ ACTOR_JWT_JWKS_REFRESH_SECONDS: 300, ACTOR_JWT_MAX_AGE_SECONDS: 3600 });
    // A JWKS URL serves public keys only: HS256 cannot take its secret from one.
    expect(() => validateEnv(schema, { ...base, ACTOR_JWT_JWKS_URL: 'https://crm.example/jwks.json' })).toThrow(/ACTOR_JWT_JWKS_URL: with ACTOR_JWT_ALGORITHM=HS256/);
  });

  it('production pins tokens to this service: issuer and audience required', () => {
    expect(() => validateEnv(schema, { ...base, NODE_ENV: 'production', ACTOR_JWT_SECRET: secret })).toThrow(/ACTOR_JWT_ISSUER: required in production[\s\S]*ACTOR_JWT_AUDIENCE: required in production/);
    expect(validateEnv(schema, { ...base, NODE_ENV: 'production', ACTOR_JWT_SECRET: secret, ACTOR_JWT_ISSUER: 'crm', ACTOR_JWT_AUDIENCE: 'contact-sync' })).toMatchObject({ NODE_ENV: 'production' });
  });

  it('RS256 takes a PEM with real or literal \\n line breaks', () => {
    const oneLine = publicKey.trim().replace(/\n/g, '\\n');
    expect(oneLine).not.toContain('\n');
    for (const pem of [publicKey, oneLine]) {
      const env = validateEnv(schema, { ...base, ACTOR_JWT_ALGORITHM: 'RS256', ACTOR_JWT_PUBLIC_KEY: pem });
      expect(env.ACTOR_JWT_PUBLIC_KEY).toBe(publicKey.trim());
    }
  });

  it('refuses a public key that is not PEM or not RSA, and an unknown algorithm', () => {
    expect(() => validateEnv(schema, { ...base, ACTOR_JWT_ALGORITHM: 'RS256', ACTOR_JWT_PUBLIC_KEY: 'not a key' })).toThrow(/ACTOR_JWT_PUBLIC_KEY: must be a PEM public key/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    expect(() => validateEnv(schema, { ...base, ACTOR_JWT_ALGORITHM: 'RS256', ACTOR_JWT_PUBLIC_KEY: ec.publicKey })).toThrow(/must be an RSA public key, got a ec key/);
    expect(() => validateEnv(schema, { ...base, ACTOR_JWT_ALGORITHM: 'none', ACTOR_JWT_SECRET: secret })).toThrow(/ACTOR_JWT_ALGORITHM: .*'HS256' \| 'RS256'/);
  });

  it('keeps optional issuer and audience', () => {
    const env = validateEnv(schema, { ...base, ACTOR_JWT_SECRET: secret, ACTOR_JWT_ISSUER: 'crm', ACTOR_JWT_AUDIENCE: 'contact-sync' });
    expect(env).toMatchObject({ ACTOR_JWT_ISSUER: 'crm', ACTOR_JWT_AUDIENCE: 'contact-sync' });
  });
});
