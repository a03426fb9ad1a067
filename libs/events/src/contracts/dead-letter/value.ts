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
    /** Read from the envelope when it could be: what counts the letter per sync and lets a replay pick by sync. */
    eventId: z.string().nullable(),
    eventType: z.string().nullable(),
    companyId: z.string().nullable(),
    accountId: z.string().nullable(),
  })
  .strict();
export type DeadLetter = z.infer<typeof deadLetterSchema>;

/** Kafka header a replayed message carries (the dead letter's offset), so the consumer can mark it resolved. */
export const REPLAY_HEADER = 'x-contact-sync-replay-of';
