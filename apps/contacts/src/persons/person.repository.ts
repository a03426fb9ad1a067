import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isValidObjectId, type FilterQuery, type Model, type Types } from 'mongoose';
import { insertManyIdempotent } from '@contact-sync/platform';
import type { Visibility } from '@contact-sync/events';
import { Person, type PersonDocument } from './person.schema';
import type { SyncedPersonFields } from '../inbound/person-fields';

/** Reader scope: every read names the company and the reading user. */
export interface ReaderScope {
  companyId: string;
  userId: string;
}

export interface PersonPage {
  items: PersonDocument[];
  nextCursor: string | null;
}

@Injectable()
export class PersonRepository {
  constructor(@InjectModel(Person.name) private readonly model: Model<Person>) {}

  /** Who may see which person; owner-only until the directory and visibility rules land. */
  private visibleTo(scope: ReaderScope): FilterQuery<Person> {
    return { companyId: scope.companyId, ownerUserId: scope.userId, deletedAt: null };
  }

  async page(scope: ReaderScope, limit: number, after?: string): Promise<PersonPage> {
    const filter: FilterQuery<Person> = this.visibleTo(scope);
    if (after) filter._id = { $gt: after };
    const items = await this.model.find(filter).sort({ _id: 1 }).limit(limit + 1).exec();
    const more = items.length > limit;
    if (more) items.pop();
    return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
  }

  findVisible(scope: ReaderScope, id: string): Promise<PersonDocument | null> {
    if (!isValidObjectId(id)) return Promise.resolve(null);
    return this.model.findOne({ _id: id, ...this.visibleTo(scope) }).exec();
  }

  countVisible(scope: ReaderScope): Promise<number> {
    return this.model.countDocuments(this.visibleTo(scope)).exec();
  }

  /** Inserts new synced persons; returns the indexes of those that already existed (to update instead). */
  insertMany(persons: (Partial<Person> & { _id: Types.ObjectId })[]): Promise<number[]> {
    return insertManyIdempotent(this.model, persons);
  }

  async softDeleteMany(personIds: string[]): Promise<void> {
    if (personIds.length === 0) return;
    await this.model.updateMany({ _id: { $in: personIds }, deletedAt: null }, { $set: { deletedAt: new Date() } });
  }

  /**
   * Writes the synced fields of an inbound change (creating the person if needed, restoring it if
   * soft-deleted). Fields absent from the contact are cleared: the provider is the source here.
   */
  async applySynced(
    personId: string,
    owner: { companyId: string; ownerUserId: string; visibility: Visibility },
    fields: SyncedPersonFields & { organizationId: string | null },
  ): Promise<void> {
    await this.model.updateOne(
      { _id: personId },
      {
        $set: { ...fields, visibility: owner.visibility, deletedAt: null },
        $setOnInsert: { companyId: owner.companyId, ownerUserId: owner.ownerUserId },
      },
      { upsert: true },
    );
  }

  /** The provider photo is taken only when the person has none (never overwrites a CRM photo). */
  async setPhotoIfMissing(personId: string, photoUrl: string): Promise<void> {
    await this.model.updateOne({ _id: personId, photoUrl: null }, { $set: { photoUrl, photoSource: 'provider' } });
  }
}
