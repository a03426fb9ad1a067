import { z } from 'zod';
import { canonicalContactSchema, FIELD_RULES, type SyncedField } from '@contact-sync/contact-model';
import { providerSchema, visibilitySchema } from '../shared';

const changeContext = {
  provider: providerSchema,
  externalId: z.string().min(1),
  ownerUserId: z.string().min(1),
  visibility: visibilitySchema,
  syncRunId: z.string().min(1),
  /**
   * Per-sync sequence, strictly increasing across every event ingest emits for the account (one
   * counter in the sync state, reserved per page). With `providerUpdatedAt` it orders changes of
   * one contact, so a replayed or reordered older event never moves a person backwards.
   */
  sequence: z.number().int().nonnegative(),
  /** The sync configuration this change was produced under (see `sync.configured`). */
  configVersion: z.number().int().nonnegative(),
};

/** A provider contact that is new or whose synced fields changed (never sent for a no-op). */
export const providerContactUpsertedPayload = z
  .object({
    ...changeContext,
    etag: z.string().min(1),
    contactHash: z.string().regex(/^[0-9a-f]{64}$/),
    /** Photos travel as a reference (`contact.photo`); the bytes are in the contacts photo store. */
    contact: canonicalContactSchema,
    /**
     * The provider has a photo the CRM cannot store (too large, not an image, refused): why. The
     * contact is synced without it and the dashboard lists it. Absent when there is none.
     */
    photoNotSynced: z.string().min(1).max(500).optional(),
    /** Provider modification time, for ordering and field-level conflict resolution in two-way sync. */
    providerUpdatedAt: z.string().datetime({ offset: true }).nullable(),
  })
  .strict()
  // A field the provider never exchanges (Microsoft notes) in an event is a producer bug: refuse it
  // at the contract so it lands in the dead-letter topic instead of in the CRM.
  .superRefine((payload, ctx) => {
    for (const [field, rule] of Object.entries(FIELD_RULES) as [SyncedField, (typeof FIELD_RULES)[SyncedField]][]) {
      if (rule.excludedFor.includes(payload.provider) && payload.contact[field] !== undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['contact', field], message: `${field} is never synced for ${payload.provider} accounts` });
      }
    }
  });

export const deletionReasonSchema = z.enum(['deleted', 'left_group', 'missing_after_resync']);

/** The contact is gone from the sync: deleted at the provider or no longer in the synced group. */
export const providerContactDeletedPayload = z
  .object({ ...changeContext, reason: deletionReasonSchema })
  .strict();

/**
 * Version 1 (before photos moved out of events and changes carried a sequence): `contact.photoUrl`
 * held the photo itself (a data: URL for Microsoft). Upgraded by dropping the photo (the next
 * change of the contact brings its reference) and ordering it before every version-2 event.
 */
export function upgradeProviderChangeV1(payload: unknown): unknown {
  if (!payload || typeof payload !== 'object') return payload;
  const { contact, ...rest } = payload as { contact?: Record<string, unknown> };
  const upgraded: Record<string, unknown> = { sequence: 0, configVersion: 0, ...rest };
  if (contact && typeof contact === 'object') {
    const { photoUrl: _dropped, ...kept } = contact;
    upgraded['contact'] = kept;
  }
  return upgraded;
}
