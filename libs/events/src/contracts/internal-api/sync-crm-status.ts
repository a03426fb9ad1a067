import { z } from 'zod';

/**
 * Internal HTTP contract, contacts → accounts: what the CRM really holds for one sync, read live by
 * the dashboard (GET /accounts/:id) so that every figure it shows is the database's, not a tally.
 * Served at SYNC_CRM_STATUS_PATH(accountId) by contacts, behind the internal API credential.
 */
export const SYNC_CRM_STATUS_PATH = (accountId: string): string => `/internal/syncs/${encodeURIComponent(accountId)}/status`;

const count = z.number().int().nonnegative();
const activity = z.object({ added: count, updated: count, deleted: count }).strict();

export const deadLetterSampleSchema = z
  .object({
    eventId: z.string().nullable(),
    externalId: z.string().nullable(),
    reason: z.string(),
    failedAt: z.string().datetime({ offset: true }),
  })
  .strict();

export const photoNotSyncedSampleSchema = z
  .object({ externalId: z.string(), personId: z.string(), name: z.string().nullable(), reason: z.string() })
  .strict();

export const writebackFailureSampleSchema = z
  .object({ personId: z.string(), name: z.string().nullable(), code: z.string(), message: z.string(), permanent: z.boolean() })
  .strict();

export const syncCrmStatusSchema = z
  .object({
    accountId: z.string().min(1),
    /** The newest `sync.configured` version whose visibility and owner every person of the sync now carries. */
    appliedConfigVersion: count,
    /** Persons linked to this sync and not deleted: what the CRM holds for it. */
    linkedPersons: count,
    /**
     * Persons of this sync deleted in the CRM whose contacts the last pass still listed (one-way: the
     * contact stays at the provider; two-way: until write-back's delete is listed). Optional:
     * contacts before this field did not send it.
     */
    deletedInCrm: count.optional(),
    /** Provider changes of this sync that are in the dead-letter topic and not yet replayed successfully. */
    deadLettered: z.object({ count, samples: z.array(deadLetterSampleSchema).max(50) }).strict(),
    /**
     * Synced persons whose provider photo is not in the CRM (too large, not an image): the contact
     * arrived, its photo did not. Optional: contacts before this field did not send it.
     */
    photosNotSynced: z.object({ count, samples: z.array(photoNotSyncedSampleSchema).max(50) }).strict().optional(),
    /**
     * Two-way: persons whose last CRM change could not be written to the provider, with why, and
     * persons holding values the provider cannot hold (kept in the CRM only). Optional: contacts
     * before write-back did not send them.
     */
    writeback: z
      .object({
        failed: z.object({ count, samples: z.array(writebackFailureSampleSchema).max(50) }).strict(),
        notSyncedToProvider: count,
        /** Contacts at the provider whose person moved to another owner: in the provider's scope, no longer the sync's. */
        ownershipMoved: count,
        /** Contacts write-back created that no sync pass has listed yet (the provider total lags them). */
        awaitingEcho: count.optional(),
      })
      .strict()
      .optional(),
    /** What contacts applied, counted once per change actually made (duplicates and echoes are not counted). */
    activity: z
      .object({
        lastRun: activity.extend({ syncRunId: z.string().nullable(), processed: count }).strict(),
        last24h: activity,
        last7d: activity,
      })
      .strict(),
  })
  .strict();
export type SyncCrmStatus = z.infer<typeof syncCrmStatusSchema>;
