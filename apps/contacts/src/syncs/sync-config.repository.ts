import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Visibility } from '@contact-sync/events';
import { SyncConfigRecord } from './sync-config.schema';

export interface KnownSyncConfig {
  configVersion: number;
  visibility: Visibility;
  appliedConfigVersion: number;
}

const DUPLICATE_KEY = 11000;

@Injectable()
export class SyncConfigRepository {
  constructor(@InjectModel(SyncConfigRecord.name) private readonly model: Model<SyncConfigRecord>) {}

  async get(accountId: string): Promise<KnownSyncConfig | null> {
    const doc = await this.model.findById(accountId).lean().exec();
    return doc ? { configVersion: doc.configVersion, visibility: doc.visibility, appliedConfigVersion: doc.appliedConfigVersion } : null;
  }

  async getMany(accountIds: string[]): Promise<Map<string, KnownSyncConfig>> {
    const docs = await this.model.find({ _id: { $in: accountIds } }).lean().exec();
    return new Map(docs.map((d) => [d._id, { configVersion: d.configVersion, visibility: d.visibility, appliedConfigVersion: d.appliedConfigVersion }]));
  }

  /**
   * Records a configuration unless a newer one is known (false then: a redelivered or reordered
   * older `sync.configured` changes nothing). An equal version is accepted so a redelivery after a
   * crash mid re-stamp finishes the job.
   */
  async record(accountId: string, configVersion: number, visibility: Visibility): Promise<boolean> {
    try {
      const res = await this.model.updateOne(
        { _id: accountId, configVersion: { $lte: configVersion } },
        { $set: { configVersion, visibility } },
        { upsert: true },
      );
      return res.matchedCount + res.upsertedCount > 0;
    } catch (err) {
      // The upsert collided with the existing (newer) record: nothing to do.
      if ((err as { code?: number }).code === DUPLICATE_KEY) return false;
      throw err;
    }
  }

  async markApplied(accountId: string, configVersion: number): Promise<void> {
    await this.model.updateOne({ _id: accountId, appliedConfigVersion: { $lt: configVersion } }, { $set: { appliedConfigVersion: configVersion } });
  }
}
