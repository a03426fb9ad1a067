import { z } from 'zod';
import { baseEnvSchema, type ServiceConfig } from '@contact-sync/platform';

export const contactsEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  /** Partitions of the provider-changes topic this replica applies in parallel (order holds per key). */
  INBOUND_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
});

export type ContactsConfig = ServiceConfig<z.infer<typeof contactsEnvSchema>>;
