import { z } from 'zod';
import { PROVIDERS, VISIBILITIES } from '@contact-sync/contact-model';

export const providerSchema = z.enum(PROVIDERS as unknown as ['google', 'microsoft']);
export const syncDirectionSchema = z.enum(['one_way', 'two_way']);
export const visibilitySchema = z.enum(VISIBILITIES);
export type SyncDirection = z.infer<typeof syncDirectionSchema>;
export type Visibility = z.infer<typeof visibilitySchema>;

/** The confirmed configuration of one account's sync, as every consumer needs it. */
export const syncConfigSchema = z
  .object({
    provider: providerSchema,
    ownerUserId: z.string().min(1),
    /** Provider id of the synced group/folder; null means the whole address book. */
    groupId: z.string().min(1).nullable(),
    groupName: z.string().min(1).nullable(),
    direction: syncDirectionSchema,
    visibility: visibilitySchema,
  })
  .strict();
export type SyncConfig = z.infer<typeof syncConfigSchema>;
