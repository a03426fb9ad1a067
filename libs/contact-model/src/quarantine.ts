import { z } from 'zod';

/**
 * A provider record that could not be turned into a contact (no etag, no id, unmappable): listed
 * with its reason where the user and the operator see it, never dropped silently, and never a
 * reason to fail the rest of the pass.
 */
export const quarantinedContactSchema = z
  .object({
    externalId: z.string().min(1),
    /** What the user recognises it by (display name or first e-mail), when the record had one. */
    label: z.string().nullable(),
    reason: z.string().min(1),
  })
  .strict();
export type QuarantinedContact = z.infer<typeof quarantinedContactSchema>;
