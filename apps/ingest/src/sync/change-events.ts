import { createEvent, type AnyEvent, type SyncConfig } from '@contact-sync/events';
import type { DeletionReason } from '../state/sync-state.schema';
import type { UpsertChange } from './change-detector';

/** What every change event of one run carries besides the contact itself. */
export interface ChangeContext {
  companyId: string;
  accountId: string;
  config: SyncConfig;
  configVersion: number;
  syncRunId: string;
}

export type OutgoingChange =
  | { kind: 'upsert'; change: UpsertChange; contactHash: string }
  | { kind: 'delete'; externalId: string; reason: DeletionReason };

/**
 * Builds the v2 events of a block of changes; `firstSequence` is the first of a reserved block. A
 * change the contract refuses is returned in `rejected` (quarantined by the caller), never thrown:
 * one bad record must not fail the page. Its sequence stays unused (sequences increase, with gaps).
 */
export function changeEvents(ctx: ChangeContext, changes: OutgoingChange[], firstSequence: number): { events: AnyEvent[]; rejected: { change: OutgoingChange; reason: string }[] } {
  const events: AnyEvent[] = [];
  const rejected: { change: OutgoingChange; reason: string }[] = [];
  changes.forEach((c, i) => {
    try {
      events.push(build(ctx, c, firstSequence + i));
    } catch (err) {
      rejected.push({ change: c, reason: `refused by the event contract: ${(err as Error).message.slice(0, 300)}` });
    }
  });
  return { events, rejected };
}

function build(ctx: ChangeContext, c: OutgoingChange, sequence: number): AnyEvent {
  const scope = { companyId: ctx.companyId, accountId: ctx.accountId };
  {
    const common = {
      provider: ctx.config.provider,
      ownerUserId: ctx.config.ownerUserId,
      visibility: ctx.config.visibility,
      syncRunId: ctx.syncRunId,
      sequence,
      configVersion: ctx.configVersion,
    };
    if (c.kind === 'delete') return createEvent('provider-contact.deleted', scope, { ...common, externalId: c.externalId, reason: c.reason });
    return createEvent('provider-contact.upserted', scope, {
      ...common,
      externalId: c.change.externalId,
      etag: c.change.etag,
      contactHash: c.contactHash,
      contact: c.change.contact,
      ...(c.change.photoNotSynced ? { photoNotSynced: c.change.photoNotSynced } : {}),
      providerUpdatedAt: c.change.updatedAt,
    });
  }
}
