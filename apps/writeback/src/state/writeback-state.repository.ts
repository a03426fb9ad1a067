import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { CanonicalContact } from '@contact-sync/contact-model';
import type { EventPayload } from '@contact-sync/events';
import { WritebackState } from './writeback-state.schema';

export interface KnownWrite {
  lastVersion: number;
  externalId: string | null;
  etag: string | null;
  base: CanonicalContact | null;
  deleted: boolean;
  /** The result of `lastVersion`, until it is published (a crash in between republishes it). */
  pendingResult: EventPayload<'writeback.completed'> | null;
}

const idOf = (accountId: string, personId: string) => `${accountId}:${personId}`;

@Injectable()
export class WritebackStateRepository {
  constructor(@InjectModel(WritebackState.name) private readonly model: Model<WritebackState>) {}

  async get(accountId: string, personId: string): Promise<KnownWrite | null> {
    const doc = await this.model.findById(idOf(accountId, personId)).lean().exec();
    return doc ? { lastVersion: doc.lastVersion, externalId: doc.externalId, etag: doc.etag, base: doc.base, deleted: doc.deleted, pendingResult: (doc.pendingResult as KnownWrite['pendingResult']) ?? null } : null;
  }

  /** Records a handled version; never moves backwards (a redelivered older change changes nothing). */
  async record(accountId: string, personId: string, version: number, write: Partial<Omit<KnownWrite, 'lastVersion'>>): Promise<void> {
    try {
      await this.model.updateOne(
        { _id: idOf(accountId, personId), lastVersion: { $lt: version } },
        { $set: { lastVersion: version, ...write }, $setOnInsert: { accountId, personId } },
        { upsert: true },
      );
    } catch (err) {
      // The upsert lost to a newer version stored meanwhile (same _id, filter did not match).
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }

  /** The result of `version` was published. */
  async reported(accountId: string, personId: string, version: number): Promise<void> {
    await this.model.updateOne({ _id: idOf(accountId, personId), lastVersion: version }, { $set: { pendingResult: null } });
  }
}
