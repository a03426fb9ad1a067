import { z } from 'zod';
import { providerSchema, syncConfigSchema } from '../shared';

export const accountConnectedPayload = z
  .object({ provider: providerSchema, email: z.string().email(), ownerUserId: z.string().min(1) })
  .strict();

/** "Start sync": the user confirmed the configuration; consumers start the first (full) sync. */
export const syncConfiguredPayload = z.object({ config: syncConfigSchema }).strict();

/** `full` asks for a complete pass (manual full resync) instead of an incremental one. */
export const syncRefreshRequestedPayload = z.object({ full: z.boolean() }).strict();

export const syncPausedPayload = z.object({}).strict();

export const accountDisconnectedPayload = z.object({}).strict();
