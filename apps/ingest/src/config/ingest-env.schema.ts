import { z } from 'zod';
import { baseEnvSchema, checkInternalApiEnv, internalApiKeyEnvSchema, type ServiceConfig } from '@contact-sync/platform';
import { GOOGLE_PRODUCTION_ENDPOINTS, MICROSOFT_PRODUCTION_ENDPOINTS } from '@contact-sync/provider-adapters';

/** ingest calls accounts' token API and contacts' photo store with its own credential (INTERNAL_API_KEY). */
export const ingestEnvSchema = baseEnvSchema.merge(internalApiKeyEnvSchema).extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  /** Base URL of the accounts service's internal API (access tokens). */
  ACCOUNTS_INTERNAL_URL: z.string().url(),
  /** Base URL of the contacts service's internal API (photo store). */
  CONTACTS_INTERNAL_URL: z.string().url(),
  GOOGLE_API_ROOT_URL: z.string().url().default(GOOGLE_PRODUCTION_ENDPOINTS.apiRootUrl),
  /** Graph root (the client adds /v1.0). */
  MICROSOFT_GRAPH_BASE_URL: z.string().url().default(MICROSOFT_PRODUCTION_ENDPOINTS.graphBaseUrl),
  /** Background incremental sync period per account. */
  SYNC_INTERVAL_MS: z.coerce.number().int().min(1000).default(5 * 60_000),
  /** How often this replica looks for due syncs. */
  SCHEDULER_TICK_MS: z.coerce.number().int().min(50).default(1000),
  /** A running sync's claim lapses after this long without a page of progress (crashed replica). */
  SYNC_LEASE_MS: z.coerce.number().int().min(1000).default(2 * 60_000),
  /** Syncs one replica runs at once. */
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** A pass deletes nothing and asks the user when it would delete more than this many persons... */
  MASS_DELETION_MIN_COUNT: z.coerce.number().int().min(0).default(10),
  /** ...and more than this share of the sync's shadow. */
  MASS_DELETION_RATIO: z.coerce.number().min(0).max(1).default(0.2),
  /** Provider requests per (provider, company) per window, shared by every replica: one company cannot spend everyone's quota. */
  PROVIDER_BUDGET_REQUESTS: z.coerce.number().int().min(1).max(1_000_000).default(300),
  PROVIDER_BUDGET_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
}).superRefine((env, ctx) => checkInternalApiEnv(env, ctx, ['INTERNAL_API_KEY']));

export type IngestConfig = ServiceConfig<z.infer<typeof ingestEnvSchema>>;
