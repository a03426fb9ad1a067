import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import type { CanonicalContact } from '@contact-sync/contact-model';
import { insertManyIdempotent } from '@contact-sync/platform';
import { PersonLink, type PersonLinkDocument } from './person-link.schema';

/** What a link records about the change last applied to its person. */
export interface AppliedBase {
  base: CanonicalContact;
  baseHash: string;
  etag: string;
  providerUpdatedAt: string | null;
  lastEventId: string;
  sequence: number;
  photoNotSynced: string | null;
}

export type NewLink = Omit<PersonLink, 'deletedAt'> & { deletedAt: null };

@Injectable()
export class LinkRepository {
  constructor(@InjectModel(PersonLink.name) private readonly model: Model<PersonLink>) {}

  /** The account's links for these external ids, in one query. */
  async findMany(accountId: string, externalIds: string[]): Promise<Map<string, PersonLinkDocument>> {
    const links = await this.model.find({ accountId, externalId: { $in: externalIds } }).exec();
    return new Map(links.map((l) => [l.externalId, l]));
  }

  /** Inserts links; returns the indexes of those that already existed. */
  insertMany(links: NewLink[]): Promise<number[]> {
    return insertManyIdempotent(this.model, links);
  }

  /** Records what was applied; written after the person so a crash in between re-applies, never skips. */
  async recordApplied(updates: { accountId: string; externalId: string; applied: AppliedBase }[]): Promise<void> {
    if (updates.length === 0) return;
    const ops: AnyBulkWriteOperation<PersonLink>[] = updates.map((u) => ({
      updateOne: {
        // Never behind what another delivery already recorded (two consumers during a rebalance).
        filter: { accountId: u.accountId, externalId: u.externalId, sequence: { $lte: u.applied.sequence } },
        update: { $set: { ...u.applied, deletedAt: null } },
      },
    }));
    await this.model.bulkWrite(ops);
  }

  /** The person's link to the provider contact of this sync (the {personId} index), deleted ones included. */
  findByPerson(accountId: string, personId: string): Promise<PersonLinkDocument | null> {
    return this.model.findOne({ personId, accountId }).exec();
  }

  /**
   * Live links of the sync whose provider photo is not in the CRM, with why (dashboard). Served by
   * the {accountId, externalId} index's prefix: one sync's links, read on a dashboard request.
   */
  async photosNotSynced(accountId: string, sampleLimit: number): Promise<{ count: number; samples: { externalId: string; personId: string; reason: string }[] }> {
    const filter = { accountId, deletedAt: null, photoNotSynced: { $type: 'string' as const } };
    const [count, docs] = await Promise.all([
      this.model.countDocuments(filter),
      this.model.find(filter, { externalId: 1, personId: 1, photoNotSynced: 1 }).sort({ externalId: 1 }).limit(sampleLimit).lean(),
    ]);
    return { count, samples: docs.map((d) => ({ externalId: d.externalId, personId: d.personId, reason: d.photoNotSynced as string })) };
  }

  /** Ends links (soft); each keeps the deletion's sequence so an older upsert replayed later cannot revive it. */
  async markDeleted(accountId: string, deletions: { externalId: string; eventId: string; sequence: number }[]): Promise<void> {
    if (deletions.length === 0) return;
    const now = new Date();
    await this.model.bulkWrite(
      deletions.map((d) => ({
        updateOne: { filter: { accountId, externalId: d.externalId }, update: { $set: { deletedAt: now, lastEventId: d.eventId, sequence: d.sequence } } },
      })),
      { ordered: false },
    );
  }
}
