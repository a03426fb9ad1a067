import { z } from 'zod';
import { baseEnvSchema, checkInternalApiEnv, internalApiKeyEnvSchema, type ServiceConfig } from '@contact-sync/platform';
import { GOOGLE_PRODUCTION_ENDPOINTS, MICROSOFT_PRODUCTION_ENDPOINTS } from '@contact-sync/provider-adapters';

/** writeback calls accounts' token API with its own credential (INTERNAL_API_KEY). */
export const writebackEnvSchema = baseEnvSchema.merge(internalApiKeyEnvSchema).extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3004),
  /** Base URL of the accounts service's internal API (access tokens). */
  ACCOUNTS_INTERNAL_URL: z.string().url(),
  GOOGLE_API_ROOT_URL: z.string().url().default(GOOGLE_PRODUCTION_ENDPOINTS.apiRootUrl),
  /** Graph root (the client adds /v1.0). */
  MICROSOFT_GRAPH_BASE_URL: z.string().url().default(MICROSOFT_PRODUCTION_ENDPOINTS.graphBaseUrl),
  /** Attempts of one write against a moving target (conflicts: re-read, re-merge) before reporting it failed. */
  WRITEBACK_CONFLICT_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  /**
   * Partitions of crm-person-changes one replica handles at once. Keys are per person, so one
   * account's changes are spread over all of them: handled side by side, they merge into one
   * account run (one provider batch call) instead of queueing one partition after the other.
   */
  WRITEBACK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(6),
  /**
   * Kafka consumers of the group in one replica, each fetching its share of the partitions on its
   * own. kafkajs fetches again only after every batch of the last fetch is handled, so with one
   * consumer an account's slow run holds back the next edit of every other account (the fetch
   * convoy, docs/decisions.md). More than the topic's partitions would leave some idle.
   */
  WRITEBACK_CONSUMERS: z.coerce.number().int().min(1).max(6).default(3),
  /**
   * How long an account run waits for more changes to merge before it starts (a batch call instead
   * of several). The chunks of one fetch reach the handlers within milliseconds, and what arrives
   * while a run is busy joins the next run anyway; every edit waits this long.
   */
  WRITEBACK_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(5),
  /**
   * Provider write requests per (provider, company) per window, shared by every replica: one
   * company cannot spend everyone's quota. Keep it well above what one chunk of one company needs
   * within CONSUMER_STUCK_AFTER_MS, or a long wait looks like a stuck consumer.
   */
  PROVIDER_BUDGET_REQUESTS: z.coerce.number().int().min(1).max(1_000_000).default(300),
  PROVIDER_BUDGET_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
}).superRefine((env, ctx) => checkInternalApiEnv(env, ctx, ['INTERNAL_API_KEY']));

export type WritebackConfig = ServiceConfig<z.infer<typeof writebackEnvSchema>>;
