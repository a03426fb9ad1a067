import { z } from 'zod';
import { canonicalContactSchema, FIELD_RULES, type SyncedField } from '@contact-sync/contact-model';
import { providerSchema } from '../shared';

/**
 * A CRM-side change of a person that a two-way sync must carry to the provider (contacts →
 * writeback). Only for persons the sync's user owns and only for two-way syncs; the envelope's
 * `accountId` names the sync. Photos are never in `contact` (they never go out).
 */
export const crmPersonChangedPayload = z
  .object({
    personId: z.string().min(1),
    provider: providerSchema,
    ownerUserId: z.string().min(1),
    /**
     * The provider contact linked to the person; null when contacts has no link (yet): an upsert
     * creates, a delete is resolved by writeback from its own record of what it created.
     */
    externalId: z.string().min(1).nullable(),
    /**
     * Per-person counter, bumped by every CRM change: orders one person's changes, so writeback
     * skips one older than what it already wrote, whatever the delivery order.
     */
    personVersion: z.number().int().positive(),
    change: z.enum(['upsert', 'delete']),
    /** The synced fields as the CRM holds them now; null for a delete. */
    contact: canonicalContactSchema.nullable(),
    /** The last synced snapshot of the link (the merge base), its etag/changeKey; null before the first sync. */
    base: canonicalContactSchema.nullable(),
    baseEtag: z.string().min(1).nullable(),
    /** The synced group/folder a create goes to (null: the provider's default). */
    groupId: z.string().min(1).nullable(),
    /** The CRM's modification time of the change (the later edit wins a same-field conflict). */
    updatedAt: z.string().datetime({ offset: true }),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.change === 'upsert' && !p.contact) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['contact'], message: 'an upsert carries the contact' });
    if (p.change === 'delete' && p.contact) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['contact'], message: 'a delete carries no contact' });
    if (p.contact?.photo) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['contact', 'photo'], message: 'photos never go out' });
    for (const [field, rule] of Object.entries(FIELD_RULES) as [SyncedField, (typeof FIELD_RULES)[SyncedField]][]) {
      if (rule.excludedFor.includes(p.provider) && p.contact?.[field] !== undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['contact', field], message: `${field} is never synced for ${p.provider} accounts` });
      }
    }
  });
