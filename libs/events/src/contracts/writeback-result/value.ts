import { z } from 'zod';
import { canonicalContactSchema } from '@contact-sync/contact-model';
import { providerSchema } from '../shared';

const fieldValue = z.unknown();

/** One field decided by a merge: both values, who won and why (the person's sync history). */
export const mergeDecisionSchema = z
  .object({
    field: z.string().min(1),
    crmValue: fieldValue,
    providerValue: fieldValue,
    winner: z.enum(['crm', 'provider']),
    reason: z.string().min(1),
  })
  .strict();

/** A CRM value the provider cannot hold (Graph's fourth e-mail): kept in the CRM, marked so. */
export const notSyncedValueSchema = z.object({ field: z.string().min(1), value: fieldValue, reason: z.string().min(1) }).strict();

/**
 * What writeback did with one CRM person change (writeback → contacts). On success the provider's
 * own representation (`contact`, `etag`) becomes the link's new base; a permanent failure is shown
 * on the person and the dashboard and never retried as is.
 */
export const writebackCompletedPayload = z
  .object({
    personId: z.string().min(1),
    provider: providerSchema,
    personVersion: z.number().int().positive(),
    outcome: z.enum(['created', 'updated', 'deleted', 'unchanged', 'failed']),
    externalId: z.string().min(1).nullable(),
    etag: z.string().min(1).nullable(),
    contact: canonicalContactSchema.nullable(),
    providerUpdatedAt: z.string().datetime({ offset: true }).nullable(),
    merged: z.array(mergeDecisionSchema),
    notSynced: z.array(notSyncedValueSchema),
    error: z.object({ code: z.string().min(1), message: z.string().min(1), permanent: z.boolean() }).strict().nullable(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const written = p.outcome === 'created' || p.outcome === 'updated';
    if (written && (!p.externalId || !p.etag || !p.contact)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['outcome'], message: 'a write reports the external id, etag and the provider representation' });
    if (p.outcome === 'failed' && !p.error) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['error'], message: 'a failure carries its error' });
    if (p.outcome !== 'failed' && p.error) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['error'], message: 'only a failure carries an error' });
  });
