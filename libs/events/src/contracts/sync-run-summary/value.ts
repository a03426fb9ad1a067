import { z } from 'zod';

export const syncRunKindSchema = z.enum(['full', 'incremental', 'resync']);
export const syncErrorCodeSchema = z.enum(['reconnect_needed', 'rate_limited', 'provider_unavailable', 'internal']);

/** Published by ingest after every pull, success or failure; accounts builds the dashboard from it. */
export const syncRunCompletedPayload = z
  .object({
    syncRunId: z.string().min(1),
    kind: syncRunKindSchema,
    status: z.enum(['succeeded', 'failed']),
    startedAt: z.string().datetime({ offset: true }),
    finishedAt: z.string().datetime({ offset: true }),
    stats: z
      .object({
        fetched: z.number().int().nonnegative(),
        upserted: z.number().int().nonnegative(),
        deleted: z.number().int().nonnegative(),
        unchanged: z.number().int().nonnegative(),
        /** Contacts in the synced group at the provider after this run (for the completeness check). */
        inSync: z.number().int().nonnegative(),
      })
      .strict(),
    error: z.object({ code: syncErrorCodeSchema, message: z.string() }).strict().nullable(),
  })
  .strict();
