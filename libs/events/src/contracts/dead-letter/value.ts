import { z } from 'zod';

/** What a consumer could not parse or apply, with why, so nothing is silently lost. */
export const deadLetterSchema = z
  .object({
    sourceTopic: z.string(),
    partition: z.number().int(),
    offset: z.string(),
    key: z.string().nullable(),
    /** The original bytes as UTF-8 text (may be invalid JSON: that can be the reason). */
    value: z.string().nullable(),
    consumerGroup: z.string(),
    reason: z.string(),
    attempts: z.number().int().positive(),
    failedAt: z.string().datetime({ offset: true }),
  })
  .strict();
export type DeadLetter = z.infer<typeof deadLetterSchema>;
