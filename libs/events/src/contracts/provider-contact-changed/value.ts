import { z } from 'zod';
import { canonicalContactSchema, FIELD_RULES, type SyncedField } from '@contact-sync/contact-model';
import { providerSchema, visibilitySchema } from '../shared';

const changeContext = {
  provider: providerSchema,
  externalId: z.string().min(1),
  ownerUserId: z.string().min(1),
  visibility: visibilitySchema,
  syncRunId: z.string().min(1),
};

/** A provider contact that is new or whose synced fields changed (never sent for a no-op). */
export const providerContactUpsertedPayload = z
  .object({
    ...changeContext,
    etag: z.string().min(1),
    contactHash: z.string().regex(/^[0-9a-f]{64}$/),
    contact: canonicalContactSchema,
    /** Provider modification time, for field-level conflict resolution in two-way sync. */
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
