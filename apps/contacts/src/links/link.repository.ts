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
