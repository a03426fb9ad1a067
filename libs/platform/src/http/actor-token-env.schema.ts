import { createPublicKey } from 'node:crypto';
import { z } from 'zod';

/** Algorithms an acting-user token may be signed with; each deployment pins exactly one. */
export const ACTOR_JWT_ALGORITHMS = ['HS256', 'RS256'] as const;
export type ActorJwtAlgorithm = (typeof ACTOR_JWT_ALGORITHMS)[number];

/** A PEM given in one line (env files, compose, k8s literals) may spell its line breaks as `\n`. */
const rsaPublicKeyPem = z.string().transform((value, ctx) => {
  const pem = value.replace(/\\n/g, '\n').trim();
  try {
    const type = createPublicKey(pem).asymmetricKeyType;
    if (type === 'rsa') return pem;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be an RSA public key, got a ${type ?? 'unknown'} key` });
  } catch {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a PEM public key (-----BEGIN PUBLIC KEY-----...; literal \\n allowed)' });
  }
  return z.NEVER;
});

/**
 * Settings for verifying the acting-user token (`Authorization: Bearer <jwt>`) of services that take
 * public requests. Merge into a service's schema and add `checkActorTokenEnv` as a refinement, since
 * which key is required depends on the algorithm:
 *
 *   baseEnvSchema.merge(actorTokenEnvSchema).extend({ ... }).superRefine(checkActorTokenEnv)
 */
export const actorTokenEnvSchema = z.object({
  /** The one algorithm accepted; a token's own `alg` header is never trusted. */
  ACTOR_JWT_ALGORITHM: z.enum(ACTOR_JWT_ALGORITHMS).default('HS256'),
  /** Shared HMAC secret (HS256). */
  ACTOR_JWT_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 48)').optional(),
  /** The signer's RSA public key, PEM (RS256). */
  ACTOR_JWT_PUBLIC_KEY: rsaPublicKeyPem.optional(),
  /** The signer's keys as a JWKS file (`{"keys":[{"kid":…}]}`: RSA for RS256, `oct` for HS256), re-read when it changes: the CRM rotates keys without our restart. */
  ACTOR_JWT_JWKS_FILE: z.string().min(1).optional(),
  /** The signer's public keys as a JWKS URL (RS256 only), fetched at start-up, then every ACTOR_JWT_JWKS_REFRESH_SECONDS and when a token names an unknown key. */
  ACTOR_JWT_JWKS_URL: z.string().url().optional(),
  ACTOR_JWT_JWKS_REFRESH_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  /** Expected `iss` claim; required in production. */
  ACTOR_JWT_ISSUER: z.string().min(1).optional(),
  /** Expected `aud` claim (this service's name at the CRM); required in production. */
  ACTOR_JWT_AUDIENCE: z.string().min(1).optional(),
  /** The longest a token may live (`exp - iat`) and the oldest it may be (`iat`): a leaked token is useful for this long at most. */
  ACTOR_JWT_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(3_600),
});

export type ActorTokenEnv = z.infer<typeof actorTokenEnvSchema>;

/** Where each algorithm may take its keys from (a secret is never fetched from a URL). */
const KEY_SOURCES = {
  HS256: ['ACTOR_JWT_SECRET', 'ACTOR_JWT_JWKS_FILE'],
  RS256: ['ACTOR_JWT_PUBLIC_KEY', 'ACTOR_JWT_JWKS_FILE', 'ACTOR_JWT_JWKS_URL'],
} as const satisfies Record<ActorJwtAlgorithm, readonly (keyof ActorTokenEnv)[]>;

/**
 * The cross-field rules of `actorTokenEnvSchema`: exactly one key source the configured algorithm
 * can use, and in production the token pinned to this service (issuer and audience).
 */
export function checkActorTokenEnv(env: ActorTokenEnv & { NODE_ENV?: string }, ctx: z.RefinementCtx): void {
  const allowed: readonly string[] = KEY_SOURCES[env.ACTOR_JWT_ALGORITHM];
  const given = (['ACTOR_JWT_SECRET', 'ACTOR_JWT_PUBLIC_KEY', 'ACTOR_JWT_JWKS_FILE', 'ACTOR_JWT_JWKS_URL'] as const).filter((k) => env[k] !== undefined);
  const usable = given.filter((k) => allowed.includes(k));
  if (usable.length !== 1 || given.length !== 1) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [given.find((k) => !allowed.includes(k)) ?? allowed[0] ?? 'ACTOR_JWT_ALGORITHM'], message: `with ACTOR_JWT_ALGORITHM=${env.ACTOR_JWT_ALGORITHM} set exactly one of ${allowed.join(', ')}${given.length > 0 ? ` (set: ${given.join(', ')})` : ''}` });
  }
  if (env.NODE_ENV === 'production') {
    for (const name of ['ACTOR_JWT_ISSUER', 'ACTOR_JWT_AUDIENCE'] as const) {
      if (!env[name]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message: 'required in production: a token issued by another party, or for another service, must not act here' });
    }
  }
}
