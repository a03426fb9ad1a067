import { z } from 'zod';
import { quarantinedContactSchema } from '@contact-sync/contact-model';

export const syncRunKindSchema = z.enum(['full', 'incremental', 'resync']);
export const syncErrorCodeSchema = z.enum([
  'reconnect_needed',
  /** A 403 that reconnecting with the missing permission fixes (scope not granted, consent withdrawn). */
  'permission_missing',
  'rate_limited',
  'provider_unavailable',
  /** A pass would delete more than the threshold: nothing was deleted, the user must confirm. */
  'deletions_need_confirmation',
  /** The synced group/folder no longer exists at the provider: the user must choose another. */
  'group_not_found',
  'internal',
]);

/** Summaries list at most this many quarantined records by name; the count is always exact. */
export const MAX_QUARANTINE_SAMPLES = 50;

const count = z.number().int().nonnegative();

/** Published by ingest after every pull, success or failure; accounts builds the dashboard from it. */
export const syncRunCompletedPayload = z
  .object({
    syncRunId: z.string().min(1),
    /**
     * Per-sync run counter (bumped at every claim). Accounts ignores a summary older than the one it
     * holds, so a late summary can never overwrite a newer state (or revive a disconnected account).
     */
    runSequence: z.number().int().nonnegative(),
    configVersion: z.number().int().nonnegative(),
    kind: syncRunKindSchema,
    status: z.enum(['succeeded', 'failed', 'awaiting_confirmation']),
    startedAt: z.string().datetime({ offset: true }),
    finishedAt: z.string().datetime({ offset: true }),
    stats: z
      .object({
        fetched: count,
        /** Change events published this run; contacts reports how many of them it has processed. */
        emitted: count,
        upserted: count,
        deleted: count,
        unchanged: count,
        /** Contacts in scope at the provider after this run (quarantined ones included). */
        inSync: count,
        /** Provider records in scope that could not be synced (see `quarantine`). */
        quarantined: count,
        /** Deletions held back for the user's confirmation (status `awaiting_confirmation`). */
        heldDeletions: count,
      })
      .strict(),
    quarantine: z.array(quarantinedContactSchema).max(MAX_QUARANTINE_SAMPLES),
    error: z.object({ code: syncErrorCodeSchema, message: z.string() }).strict().nullable(),
  })
  .strict();

/** Version 1 lacked the sequence, emitted, quarantine and held-deletion figures: they become 0 / empty. */
export function upgradeSyncRunCompletedV1(payload: unknown): unknown {
  if (!payload || typeof payload !== 'object') return payload;
  const p = payload as { stats?: Record<string, unknown> };
  return {
    runSequence: 0,
    configVersion: 0,
    quarantine: [],
    ...p,
    stats: { emitted: 0, quarantined: 0, heldDeletions: 0, ...(p.stats ?? {}) },
  };
}
