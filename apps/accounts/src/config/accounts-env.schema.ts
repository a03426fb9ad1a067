import { z } from 'zod';
import { actorTokenEnvSchema, baseEnvSchema, checkActorTokenEnv, type ServiceConfig } from '@contact-sync/platform';
import { GOOGLE_PRODUCTION_ENDPOINTS, MICROSOFT_PRODUCTION_ENDPOINTS } from '@contact-sync/provider-adapters';

const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 random bytes, base64-encoded (openssl rand -base64 32)');

export const accountsEnvSchema = baseEnvSchema.merge(actorTokenEnvSchema).extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Where browsers reach this service; the OAuth redirect URI is derived from it. */
  PUBLIC_URL: z.string().url(),
  /** AES-256-GCM key for tokens at rest. */
  TOKEN_ENCRYPTION_KEY: base64Key,
  /** HMAC key for the OAuth `state` parameter. */
  OAUTH_STATE_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** Bearer secret other services present to the internal API. */
  INTERNAL_API_TOKEN: z.string().min(24, 'must be at least 24 characters'),
  /** Base URL of the contacts service's internal API (directory: plans, roles, permissions). */
  CONTACTS_INTERNAL_URL: z.string().url(),
  GOOGLE_CLIENT_ID: z.string().min(1),
  GOOGLE_CLIENT_SECRET: z.string().min(1),
  GOOGLE_API_ROOT_URL: z.string().url().default(GOOGLE_PRODUCTION_ENDPOINTS.apiRootUrl),
  GOOGLE_AUTH_URL: z.string().url().default(GOOGLE_PRODUCTION_ENDPOINTS.authUrl),
  GOOGLE_TOKEN_URL: z.string().url().default(GOOGLE_PRODUCTION_ENDPOINTS.tokenUrl),
  /** The Microsoft app registration; leave both unset to offer Google only. */
  MICROSOFT_CLIENT_ID: z.string().min(1).optional(),
  MICROSOFT_CLIENT_SECRET: z.string().min(1).optional(),
  /** Graph root (the client adds /v1.0). */
  MICROSOFT_GRAPH_BASE_URL: z.string().url().default(MICROSOFT_PRODUCTION_ENDPOINTS.graphBaseUrl),
  /** Identity platform authority: https://login.microsoftonline.com/{common|consumers|organizations|tenant}. */
  MICROSOFT_AUTHORITY_URL: z.string().url().default(MICROSOFT_PRODUCTION_ENDPOINTS.authorityUrl),
  /** The authority as the user's browser reaches it, when different (compose: localhost vs the service name). */
  MICROSOFT_BROWSER_AUTHORITY_URL: z.string().url().optional(),
}).superRefine((env, ctx) => {
  checkActorTokenEnv(env, ctx);
  // Half a registration is a typo, not a choice: fail at start-up rather than at the first connect.
  if (Boolean(env.MICROSOFT_CLIENT_ID) !== Boolean(env.MICROSOFT_CLIENT_SECRET)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['MICROSOFT_CLIENT_SECRET'], message: 'set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET together, or neither' });
  }
});

export type AccountsConfig = ServiceConfig<z.infer<typeof accountsEnvSchema>>;
