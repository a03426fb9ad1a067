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
      updateOne: { filter: { accountId: u.accountId, externalId: u.externalId }, update: { $set: { ...u.applied, deletedAt: null } } },
    }));
    await this.model.bulkWrite(ops);
  }

  async markDeleted(accountId: string, externalIds: string[], eventId: string): Promise<void> {
    if (externalIds.length === 0) return;
    await this.model.updateMany({ accountId, externalId: { $in: externalIds }, deletedAt: null }, { $set: { deletedAt: new Date(), lastEventId: eventId } });
  }
}
