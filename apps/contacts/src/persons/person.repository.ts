import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isValidObjectId, type AnyBulkWriteOperation, type FilterQuery, type Model, type Types, type UpdateQuery } from 'mongoose';
import { insertManyIdempotent, summarizeExplain, type ExplainSummary } from '@contact-sync/platform';
import { type PersonSyncedFields, type PhotoRef } from '@contact-sync/contact-model';
import type { Visibility } from '@contact-sync/events';
import { Person, type PersonDocument, type PersonWritebackStatus } from './person.schema';
import type { Reader } from '../visibility/reader';
import { visibilityBranches, visibleWhere } from '../visibility/visibility-filter';

export interface PersonListPlan {
  filter: FilterQuery<Person>;
  sort: Record<string, 1>;
  indexes: unknown[];
  /** The whole `$or` query, as the service sends it. */
  query: ExplainSummary;
  /** Each visibility branch explained alone: the plan the engine chose for it. */
  branches: { branch: FilterQuery<Person>; plan: ExplainSummary }[];
}

export interface PersonPage {
  items: PersonDocument[];
  nextCursor: string | null;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * All access to persons. Every user-facing method takes the Reader, and its visibility is part of
 * the database query itself (never a filter applied after loading): a person the reader may not
 * see is indistinguishable from one that does not exist.
 */
@Injectable()
export class PersonRepository {
  constructor(@InjectModel(Person.name) private readonly model: Model<Person>) {}

  private searchCondition(q?: string): FilterQuery<Person> {
    if (!q) return {};
    const pattern = { $regex: escapeRegex(q), $options: 'i' };
    return { $and: [{ $or: [{ name: pattern }, { 'emails.value': pattern }] }] };
  }

  async page(reader: Reader, opts: { limit: number; after?: string; q?: string }): Promise<PersonPage> {
    const extra: FilterQuery<Person> = { ...this.searchCondition(opts.q), ...(opts.after ? { _id: { $gt: opts.after } } : {}) };
    const items = await this.model.find(visibleWhere(reader, extra)).sort({ _id: 1 }).limit(opts.limit + 1).exec();
    const more = items.length > opts.limit;
    if (more) items.pop();
    return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
  }

  /**
   * How the server plans the first page of a reader's list: the filter, the collection's indexes,
   * and the server's explain of the whole query and of each visibility branch alone (PostgreSQL's
   * plan under FerretDB 2 / DocumentDB, the winning plan under MongoDB). Operators and the
   * benchmark read this; a server that cannot explain says so instead of failing the request.
   */
  async explainFirstPage(reader: Reader, limit: number): Promise<PersonListPlan> {
    const filter = visibleWhere(reader);
    const sort = { _id: 1 } as const;
    const explain = async (f: FilterQuery<Person>): Promise<ExplainSummary> => {
      try {
        return summarizeExplain(await this.model.find(f).sort(sort).limit(limit + 1).explain('executionStats'));
      } catch (err) {
        return summarizeExplain({ unsupported: err instanceof Error ? err.message : String(err) });
      }
    };
    const query = await explain(filter);
    const branches: PersonListPlan['branches'] = [];
    for (const branch of visibilityBranches(reader)) branches.push({ branch, plan: await explain(branch) });
    return { filter, sort, indexes: await this.model.listIndexes(), query, branches };
  }

  countVisible(reader: Reader, q?: string): Promise<number> {
    return this.model.countDocuments(visibleWhere(reader, this.searchCondition(q))).exec();
  }

  findVisible(reader: Reader, id: string): Promise<PersonDocument | null> {
    if (!isValidObjectId(id)) return Promise.resolve(null);
    return this.model.findOne(visibleWhere(reader, { _id: id })).exec();
  }

  /** Changes a person the reader sees; the check and the write are one atomic operation. */
  updateVisible(reader: Reader, id: string, update: UpdateQuery<Person>): Promise<PersonDocument | null> {
    if (!isValidObjectId(id)) return Promise.resolve(null);
    return this.model.findOneAndUpdate(visibleWhere(reader, { _id: id }), update, { new: true }).exec();
  }

  async softDeleteVisible(reader: Reader, id: string, extra: UpdateQuery<Person> = {}): Promise<boolean> {
    if (!isValidObjectId(id)) return false;
    const res = await this.model.updateOne(visibleWhere(reader, { _id: id }), { ...extra, $set: { ...(extra.$set ?? {}), deletedAt: new Date() } });
    return res.matchedCount > 0;
  }

  /** The person as the outbound publisher reads it, deleted ones included. */
  findById(id: string): Promise<PersonDocument | null> {
    return isValidObjectId(id) ? this.model.findById(id).exec() : Promise.resolve(null);
  }

  /** Persons with a CRM change not yet published, changed before `olderThan`, oldest first. */
  async outboundDue(olderThan: Date, limit: number): Promise<string[]> {
    const rows = await this.model.find({ 'outbound.pendingAt': { $lt: olderThan } }, { _id: 1 }).sort({ 'outbound.pendingAt': 1 }).limit(limit).lean().exec();
    return rows.map((r) => String(r._id));
  }

  /** Published: clears the pending mark unless a newer change (another version) came meanwhile. */
  async outboundPublished(id: string, version: number): Promise<boolean> {
    const res = await this.model.updateOne({ _id: id, 'outbound.version': version }, { $set: { 'outbound.pendingAt': null } }, { timestamps: false });
    return res.modifiedCount === 1;
  }

  /** Followers are kept in step by the CRM core (directory API); false when the person is not in the company. */
  async addFollower(companyId: string, personId: string, userId: string): Promise<boolean> {
    if (!isValidObjectId(personId)) return false;
    const res = await this.model.updateOne({ _id: personId, companyId }, { $addToSet: { followerUserIds: userId } });
    return res.matchedCount > 0;
  }

  async removeFollower(companyId: string, personId: string, userId: string): Promise<boolean> {
    if (!isValidObjectId(personId)) return false;
    const res = await this.model.updateOne({ _id: personId, companyId }, { $pull: { followerUserIds: userId } });
    return res.matchedCount > 0;
  }

  /** Inserts new synced persons; returns the indexes of those that already existed (to update instead). */
  insertMany(persons: (Partial<Person> & { _id: Types.ObjectId })[]): Promise<number[]> {
    return insertManyIdempotent(this.model, persons);
  }

  /** Returns how many persons were actually deleted (already deleted ones are not counted). */
  async softDeleteMany(personIds: string[]): Promise<number> {
    if (personIds.length === 0) return 0;
    const res = await this.model.updateMany({ _id: { $in: personIds }, deletedAt: null }, { $set: { deletedAt: new Date() } });
    return res.modifiedCount;
  }

  /** These persons (deleted ones included), for merges of a two-way sync. */
  async findMany(personIds: string[]): Promise<Map<string, Person>> {
    if (personIds.length === 0) return new Map();
    const docs = await this.model.find({ _id: { $in: personIds } }).lean<Person[]>().exec();
    return new Map(docs.map((d) => [String(d._id), d]));
  }

  /**
   * The CRM's values must still reach the provider (a merge kept them, or a contact deleted at the
   * provider was edited in the CRM): a new outbound version, as a CRM change would record.
   */
  async markOutbound(personIds: string[], accountId: string): Promise<void> {
    if (personIds.length === 0) return;
    await this.model.updateMany(
      { _id: { $in: personIds } },
      { $set: { 'outbound.accountId': accountId, 'outbound.pendingAt': new Date() }, $inc: { 'outbound.version': 1 } },
      { timestamps: false },
    );
  }

  /**
   * Records what write-back reported (and the fields it changed, restoring a delete that lost to a
   * provider edit) for many persons in one unordered bulk write, one report per person; a report of
   * an older version than the recorded one changes nothing. `adoptInto`: the person, created in the
   * CRM and read without a sync, joins the sync that wrote it (its `sourceAccountId`), in the same
   * update: a separate `{_id: {$in}, sourceAccountId: null}` update is planned on DocumentDB by the
   * {sourceAccountId} index, a scan of every CRM-made person (docs/decisions.md).
   */
  async recordWritebackMany(reports: { personId: string; status: PersonWritebackStatus; fields?: PersonSyncedFields & { organizationId: string | null }; restore?: boolean; adoptInto?: string }[]): Promise<void> {
    if (reports.length === 0) return;
    await this.model.bulkWrite(
      reports.map(({ personId, status, fields, restore = false, adoptInto }) => ({
        updateOne: {
          filter: { _id: personId, $or: [{ 'writeback.personVersion': { $lte: status.personVersion } }, { writeback: { $exists: false } }] },
          update: { $set: { writeback: status, ...(fields ?? {}), ...(restore ? { deletedAt: null } : {}), ...(adoptInto ? { sourceAccountId: adoptInto } : {}) } },
          timestamps: Boolean(fields) || restore,
        },
      })),
      { ordered: false },
    );
  }

  /**
   * Removes the person a sync made from the echo of our own create, when write-back's result
   * linked the contact to the CRM person it came from. Only a person that sync made and no CRM
   * user changed: anything else is kept (false).
   */
  async retireEcho(personId: string, accountId: string): Promise<boolean> {
    const res = await this.model.deleteOne({ _id: personId, sourceAccountId: accountId, origin: { $ne: 'crm' }, outbound: { $exists: false } });
    return res.deletedCount === 1;
  }

  /** Which of these persons exist and are not deleted. */
  async liveIds(personIds: string[]): Promise<string[]> {
    const docs = await this.model.find({ _id: { $in: personIds }, deletedAt: null }, { _id: 1 }).lean().exec();
    return docs.map((d) => String(d._id));
  }

  /** Display names by person id (by _id), for lists the user must recognise (dashboard samples). */
  async namesOf(personIds: string[]): Promise<Map<string, string>> {
    if (personIds.length === 0) return new Map();
    const docs = await this.model.find({ _id: { $in: personIds } }, { _id: 1, name: 1 }).lean().exec();
    return new Map(docs.map((d) => [String(d._id), d.name]));
  }

  /** Persons of the sync whose last write-back failed (live ones), with samples; and those holding values the provider cannot. */
  async writebackIssues(accountId: string, sampleLimit: number): Promise<{ failed: number; notSynced: number; samples: { personId: string; name: string; code: string; message: string; permanent: boolean }[] }> {
    const failedFilter = { 'writeback.accountId': accountId, 'writeback.error.code': { $type: 'string' as const }, deletedAt: null };
    const [failed, notSynced, docs] = await Promise.all([
      this.model.countDocuments(failedFilter),
      this.model.countDocuments({ 'writeback.accountId': accountId, 'writeback.notSynced.0': { $exists: true }, deletedAt: null }),
      this.model.find(failedFilter, { name: 1, writeback: 1 }).sort({ _id: 1 }).limit(sampleLimit).lean().exec(),
    ]);
    const samples = docs.map((d) => ({ personId: String(d._id), name: d.name, code: d.writeback?.error?.code ?? '', message: d.writeback?.error?.message ?? '', permanent: d.writeback?.error?.permanent ?? false }));
    return { failed, notSynced, samples };
  }

  /** What the CRM holds for a sync: its persons that are not deleted (the dashboard's CRM total). */
  countForSync(accountId: string): Promise<number> {
    return this.model.countDocuments({ sourceAccountId: accountId, deletedAt: null }).exec();
  }

  /**
   * A plan change: synced persons of the company whose visibility the plan no longer offers take
   * `fallback` (the plan's narrowest option). Persons created in the CRM are not the sync's to change.
   */
  async narrowSyncedVisibility(companyId: string, allowed: readonly Visibility[], fallback: Visibility): Promise<number> {
    const res = await this.model.updateMany(
      { companyId, sourceAccountId: { $ne: null }, visibility: { $nin: [...allowed] } },
      { $set: { visibility: fallback } },
    );
    return res.modifiedCount;
  }

  /** A re-configuration: every person the sync brought in takes the new visibility (deleted ones too, should they come back). */
  async restampVisibility(accountId: string, visibility: Visibility): Promise<number> {
    // Persons a CRM user created keep the visibility the user chose, even once a sync carries them.
    const res = await this.model.updateMany({ sourceAccountId: accountId, origin: { $ne: 'crm' }, visibility: { $ne: visibility } }, { $set: { visibility } });
    return res.modifiedCount;
  }


  /**
   * Writes the synced fields of inbound changes in one ordered bulkWrite (creating a person if
   * needed, restoring it if soft-deleted). Fields absent from the contact are cleared: the provider
   * is the source here. A provider photo is taken only when the person has none (never overwrites a
   * CRM photo); ordered, so it applies after its person's upsert.
   */
  async applySyncedMany(
    changes: {
      personId: string;
      owner: { companyId: string; ownerUserId: string; visibility: Visibility };
      fields: PersonSyncedFields & { organizationId: string | null };
      photo: PhotoRef | null;
      sourceAccountId: string;
    }[],
  ): Promise<void> {
    if (changes.length === 0) return;
    const ops: AnyBulkWriteOperation<Person>[] = changes.flatMap(({ personId, owner, fields, photo, sourceAccountId }) => [
      {
        updateOne: {
          filter: { _id: personId },
          update: {
            $set: { ...fields, visibility: owner.visibility, sourceAccountId, deletedAt: null },
            $setOnInsert: { companyId: owner.companyId, ownerUserId: owner.ownerUserId },
          },
          upsert: true,
        },
      },
      ...(photo ? [{ updateOne: { filter: { _id: personId, photo: null }, update: { $set: { photo, photoSource: 'provider' as const } } } }] : []),
    ]);
    const res = await this.model.bulkWrite(ops, { ordered: true });
    // Every person update must match (it upserts): anything else is a silent drop, so fail the chunk.
    const persons = changes.length;
    if (res.matchedCount + res.upsertedCount < persons) {
      throw new Error(`bulk person update touched ${res.matchedCount + res.upsertedCount} of ${persons} persons`);
    }
  }
}
