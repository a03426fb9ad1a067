import { z } from 'zod';
import { actorTokenEnvSchema, baseEnvSchema, checkActorTokenEnv, checkInternalApiEnv, internalApiClientsEnvSchema, type ServiceConfig } from '@contact-sync/platform';

/** contacts serves the directory, sync-status, photo and diagnostics APIs (INTERNAL_API_CLIENTS) and calls none. */
export const contactsEnvSchema = baseEnvSchema.merge(actorTokenEnvSchema).merge(internalApiClientsEnvSchema).extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  /** Partitions of the provider-changes topic this replica applies in parallel (order holds per key). */
  INBOUND_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
}).superRefine((env, ctx) => {
  checkActorTokenEnv(env, ctx);
  checkInternalApiEnv(env, ctx, ['INTERNAL_API_CLIENTS']);
});

export type ContactsConfig = ServiceConfig<z.infer<typeof contactsEnvSchema>>;
