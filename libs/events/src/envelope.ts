import { z } from 'zod';

/** Every event travels in this envelope; `id` is what consumers de-duplicate on. */
export const envelopeSchema = z
  .object({
    id: z.string().uuid(),
    type: z.string().min(1),
    version: z.number().int().positive(),
    occurredAt: z.string().datetime({ offset: true }),
    companyId: z.string().min(1),
    accountId: z.string().min(1).optional(),
    payload: z.unknown(),
  })
  .strict();

export type EnvelopeHeader = Omit<z.infer<typeof envelopeSchema>, 'payload'>;
