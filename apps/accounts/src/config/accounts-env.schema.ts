import { z } from 'zod';
import { actorTokenEnvSchema, baseEnvSchema, checkActorTokenEnv, checkInternalApiEnv, internalApiClientsEnvSchema, internalApiKeyEnvSchema, type ServiceConfig } from '@contact-sync/platform';
import { GOOGLE_PRODUCTION_ENDPOINTS, MICROSOFT_PRODUCTION_ENDPOINTS } from '@contact-sync/provider-adapters';
import { parseTokenKeys } from '../crypto/token-keys';

/** An inline key list is checked here; a file's at start-up by TokenCipher (which re-reads it when it changes). */
const tokenKeyList = z.string().superRefine((v, ctx) => {
  try {
    parseTokenKeys(v);
  } catch (err) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${err instanceof Error ? err.message : String(err)} (expected kid:base64key[,kid:base64key…], newest first)` });
  }
});

const limitCount = z.coerce.number().int().min(1).max(1_000_000);
/** Up to a week: a longer window would keep a user locked out for a surprise. */
const limitWindow = z.coerce.number().int().min(1).max(7 * 86_400);

/** accounts serves the token API (INTERNAL_API_CLIENTS) and calls contacts' directory and sync status (INTERNAL_API_KEY). */
export const accountsEnvSchema = baseEnvSchema.merge(actorTokenEnvSchema).merge(internalApiClientsEnvSchema).merge(internalApiKeyEnvSchema).extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Where browsers reach this service; the OAuth redirect URI is derived from it. */
  PUBLIC_URL: z.string().url(),
  /** AES-256-GCM keys for tokens at rest, `kid:base64key` entries, newest first (it encrypts; any decrypts). */
  TOKEN_ENCRYPTION_KEYS: tokenKeyList.optional(),
  /** The same list in a file (one entry per line), re-read when it changes: keys rotate without a restart. */
  TOKEN_ENCRYPTION_KEYS_FILE: z.string().min(1).optional(),
  /** HMAC key for the OAuth `state` parameter. */
  OAUTH_STATE_SECRET: z.string().min(32, 'must be at least 32 characters'),
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
  /** Abuse limits per user (company, user, action): so many requests per window, then 429 with Retry-After. */
  USER_LIMIT_CONNECT: limitCount.default(20),
  USER_LIMIT_CONNECT_WINDOW_SECONDS: limitWindow.default(3600),
  USER_LIMIT_REFRESH: limitCount.default(30),
  USER_LIMIT_REFRESH_WINDOW_SECONDS: limitWindow.default(3600),
  USER_LIMIT_FULL_RESYNC: limitCount.default(4),
  USER_LIMIT_FULL_RESYNC_WINDOW_SECONDS: limitWindow.default(86_400),
}).superRefine((env, ctx) => {
  checkActorTokenEnv(env, ctx);
  checkInternalApiEnv(env, ctx, ['INTERNAL_API_CLIENTS', 'INTERNAL_API_KEY']);
  if (Boolean(env.TOKEN_ENCRYPTION_KEYS) === Boolean(env.TOKEN_ENCRYPTION_KEYS_FILE)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['TOKEN_ENCRYPTION_KEYS'], message: 'set exactly one of TOKEN_ENCRYPTION_KEYS and TOKEN_ENCRYPTION_KEYS_FILE' });
  }
  // Half a registration is a typo, not a choice: fail at start-up rather than at the first connect.
  if (Boolean(env.MICROSOFT_CLIENT_ID) !== Boolean(env.MICROSOFT_CLIENT_SECRET)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['MICROSOFT_CLIENT_SECRET'], message: 'set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET together, or neither' });
  }
});

export type AccountsConfig = ServiceConfig<z.infer<typeof accountsEnvSchema>>;
