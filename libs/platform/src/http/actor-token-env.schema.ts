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
  /** Expected `iss` claim, when set. */
  ACTOR_JWT_ISSUER: z.string().min(1).optional(),
  /** Expected `aud` claim, when set. */
  ACTOR_JWT_AUDIENCE: z.string().min(1).optional(),
});

export type ActorTokenEnv = z.infer<typeof actorTokenEnvSchema>;

/** The cross-field rule of `actorTokenEnvSchema`: the key the configured algorithm needs must be set. */
export function checkActorTokenEnv(env: ActorTokenEnv, ctx: z.RefinementCtx): void {
  if (env.ACTOR_JWT_ALGORITHM === 'HS256' && !env.ACTOR_JWT_SECRET) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['ACTOR_JWT_SECRET'], message: 'required when ACTOR_JWT_ALGORITHM is HS256 (at least 32 characters)' });
  }
  if (env.ACTOR_JWT_ALGORITHM === 'RS256' && !env.ACTOR_JWT_PUBLIC_KEY) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['ACTOR_JWT_PUBLIC_KEY'], message: 'required when ACTOR_JWT_ALGORITHM is RS256 (the signer\'s RSA public key, PEM)' });
  }
}
