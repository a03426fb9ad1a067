import { z } from 'zod';
import { actorTokenEnvSchema, baseEnvSchema, checkActorTokenEnv, type ServiceConfig } from '@contact-sync/platform';

export const contactsEnvSchema = baseEnvSchema.merge(actorTokenEnvSchema).extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  /** Partitions of the provider-changes topic this replica applies in parallel (order holds per key). */
  INBOUND_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
  /** Bearer secret accounts presents to the internal (directory) API. */
  INTERNAL_API_TOKEN: z.string().min(24, 'must be at least 24 characters'),
}).superRefine(checkActorTokenEnv);

export type ContactsConfig = ServiceConfig<z.infer<typeof contactsEnvSchema>>;
