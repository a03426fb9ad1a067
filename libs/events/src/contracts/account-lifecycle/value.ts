import { z } from 'zod';
import { providerSchema, syncConfigSchema } from '../shared';

export const accountConnectedPayload = z
  .object({ provider: providerSchema, email: z.string().email(), ownerUserId: z.string().min(1) })
  .strict();

/**
 * "Start sync" or a re-configuration: the user confirmed the configuration. `configVersion` grows
 * with every confirmation of the account; contacts re-applies visibility and owner to the sync's
 * persons and reports the version it has applied, ingest fences a pass that ran under an older one.
 */
export const syncConfiguredPayload = z.object({ config: syncConfigSchema, configVersion: z.number().int().nonnegative() }).strict();

/** Version 1 had no `configVersion`: it becomes 0 (older than any version-2 configuration). */
export function upgradeSyncConfiguredV1(payload: unknown): unknown {
  return payload && typeof payload === 'object' ? { configVersion: 0, ...payload } : payload;
}

/** `full` asks for a complete pass (manual full resync, which repairs) instead of an incremental one. */
export const syncRefreshRequestedPayload = z.object({ full: z.boolean() }).strict();

export const syncPausedPayload = z.object({}).strict();

export const accountDisconnectedPayload = z.object({}).strict();

/**
 * The user's answer to a held mass deletion (see `sync-run.completed` status
 * `awaiting_confirmation`): `confirm` applies the held deletions, `reject` keeps the persons.
 * `heldRunId` names the run whose deletions were shown, so an answer to an older question is ignored.
 */
export const syncDeletionsDecidedPayload = z
  .object({ decision: z.enum(['confirm', 'reject']), heldRunId: z.string().min(1) })
  .strict();
