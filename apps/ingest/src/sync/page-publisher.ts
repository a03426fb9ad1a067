import { Injectable } from '@nestjs/common';
import { EventPublisher } from '@contact-sync/platform';
import type { QuarantinedContact } from '@contact-sync/contact-model';
import { PhotoStoreClient } from '../photos/photo-store.client';
import { ShadowRepository, type ShadowEntry } from '../shadow/shadow.repository';
import { SyncStateRepository } from '../state/sync-state.repository';
import { changeEvents, type ChangeContext, type OutgoingChange } from './change-events';
import type { LeaseKeeper } from './lease-keeper';
import { LeaseLostError } from './run-errors';

export interface ShadowWrites {
  inserts: ShadowEntry[];
  updates: ShadowEntry[];
  deletes: string[];
}

/**
 * Publishes one block of changes in the only safe order: photo bytes to the photo store, sequences
 * reserved (which is also the lease check), events, then the shadow (after a second lease check).
 * A crash in between re-sends (contacts is idempotent), never loses.
 */
@Injectable()
export class PagePublisher {
  constructor(
    private readonly states: SyncStateRepository,
    private readonly shadows: ShadowRepository,
    private readonly photos: PhotoStoreClient,
    private readonly events: EventPublisher,
  ) {}

  /** Returns the number of events published and the changes the event contract refused. */
  async publish(ctx: ChangeContext, keeper: LeaseKeeper, changes: OutgoingChange[], shadow: Map<string, ShadowEntry>, writes: ShadowWrites): Promise<{ emitted: number; rejected: QuarantinedContact[] }> {
    keeper.assertHeld();
    await this.uploadPhotos(changes, shadow);
    let rejected: QuarantinedContact[] = [];
    let emitted = 0;
    if (changes.length > 0) {
      const first = await this.states.reserveSequences(keeper.lease, changes.length);
      if (first === null) throw new LeaseLostError(`lease of ${ctx.accountId} lost before publishing`);
      const built = changeEvents(ctx, changes, first);
      await this.events.publish(...built.events);
      emitted = built.events.length;
      rejected = built.rejected.map(({ change, reason }) => ({ externalId: externalIdOf(change), label: null, reason }));
    }
    // A refused change is not in the CRM: keep it out of the shadow so a later pass sends it again.
    const refused = new Set(rejected.map((r) => r.externalId));
    const keep = (e: ShadowEntry) => !refused.has(e.externalId);
    await keeper.renew();
    await this.shadows.apply(ctx.accountId, { inserts: writes.inserts.filter(keep), updates: writes.updates.filter(keep), deletes: writes.deletes });
    return { emitted, rejected };
  }

  /** Bytes the shadow says were already stored for that contact are not sent again. */
  private async uploadPhotos(changes: OutgoingChange[], shadow: Map<string, ShadowEntry>): Promise<void> {
    for (const c of changes) {
      if (c.kind !== 'upsert' || !c.change.photo || !c.change.contact.photo) continue;
      const hash = c.change.contact.photo.hash;
      if (shadow.get(c.change.externalId)?.photoHash === hash) continue;
      await this.photos.put(hash, c.change.photo);
    }
  }
}

const externalIdOf = (c: OutgoingChange): string => (c.kind === 'upsert' ? c.change.externalId : c.externalId);
