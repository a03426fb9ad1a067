import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import { insertManyIdempotent } from '@contact-sync/platform';
import { ProviderShadow } from './provider-shadow.schema';

export interface ShadowEntry {
  externalId: string;
  etag: string;
  contactHash: string;
  photoHash?: string | null;
  photoNotSynced?: string | null;
  kept?: boolean;
}

const PROJECTION = { _id: 0, externalId: 1, etag: 1, contactHash: 1, photoHash: 1, photoNotSynced: 1, kept: 1 } as const;

@Injectable()
export class ShadowRepository {
  constructor(@InjectModel(ProviderShadow.name) private readonly model: Model<ProviderShadow>) {}

  async findMany(accountId: string, externalIds: string[]): Promise<Map<string, ShadowEntry>> {
    if (externalIds.length === 0) return new Map();
    const docs = await this.model.find({ accountId, externalId: { $in: externalIds } }, PROJECTION).lean().exec();
    return new Map(docs.map((d) => [d.externalId, d]));
  }

  /** The account's whole shadow in one pass: what a full pull diffs against and sweeps. */
  async loadAll(accountId: string): Promise<Map<string, ShadowEntry>> {
    const entries = new Map<string, ShadowEntry>();
    const cursor = this.model.find({ accountId }, PROJECTION).lean().cursor({ batchSize: 5000 });
    for await (const doc of cursor) entries.set(doc.externalId, doc);
    return entries;
  }

  count(accountId: string): Promise<number> {
    return this.model.countDocuments({ accountId }).exec();
  }

  /**
   * Writes a page's outcome: bulk insert for new entries, updates for known ones (which clears
   * `kept`: the provider lists it again), one delete for removed ones.
   */
  async apply(accountId: string, diff: { inserts: ShadowEntry[]; updates: ShadowEntry[]; deletes: string[] }): Promise<void> {
    const existed = await insertManyIdempotent(this.model, diff.inserts.map((e) => ({ accountId, photoHash: null, photoNotSynced: null, kept: false, ...e })));
    const updates = [...existed.flatMap((i) => diff.inserts[i] ?? []), ...diff.updates];
    const ops: AnyBulkWriteOperation<ProviderShadow>[] = [
      ...updates.map((e) => ({
        updateOne: {
          filter: { accountId, externalId: e.externalId },
          update: { $set: { etag: e.etag, contactHash: e.contactHash, photoHash: e.photoHash ?? null, photoNotSynced: e.photoNotSynced ?? null, kept: false } },
          upsert: true,
        },
      })),
      ...(diff.deletes.length ? [{ deleteMany: { filter: { accountId, externalId: { $in: diff.deletes } } } }] : []),
    ];
    if (ops.length) await this.model.bulkWrite(ops);
  }

  /** The user rejected these deletions: remember them so later passes do not ask again. */
  async markKept(accountId: string, externalIds: string[]): Promise<void> {
    if (externalIds.length) await this.model.updateMany({ accountId, externalId: { $in: externalIds } }, { $set: { kept: true } }).exec();
  }

  async deleteAccount(accountId: string): Promise<void> {
    await this.model.deleteMany({ accountId }).exec();
  }
}
