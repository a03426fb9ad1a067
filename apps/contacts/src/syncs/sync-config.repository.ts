import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { ProviderKind } from '@contact-sync/contact-model';
import type { SyncConfig, SyncDirection, Visibility } from '@contact-sync/events';
import { SyncConfigRecord } from './sync-config.schema';

export interface KnownSyncConfig {
  configVersion: number;
  visibility: Visibility;
  appliedConfigVersion: number;
  /** Two-way: an inbound change is merged with the person's CRM edits instead of overwriting them. */
  direction: SyncDirection;
}

/** A sync that carries CRM changes to its provider. */
export interface TwoWaySync {
  accountId: string;
  companyId: string | null;
  ownerUserId: string;
  provider: ProviderKind;
  groupId: string | null;
  direction: SyncDirection;
}

const DUPLICATE_KEY = 11000;

const known = (d: SyncConfigRecord): KnownSyncConfig => ({
  configVersion: d.configVersion,
  visibility: d.visibility,
  appliedConfigVersion: d.appliedConfigVersion,
  direction: d.direction ?? 'one_way',
});

@Injectable()
export class SyncConfigRepository {
  constructor(@InjectModel(SyncConfigRecord.name) private readonly model: Model<SyncConfigRecord>) {}

  async get(accountId: string): Promise<KnownSyncConfig | null> {
    const doc = await this.model.findById(accountId).lean().exec();
    return doc ? known(doc) : null;
  }

  async getMany(accountIds: string[]): Promise<Map<string, KnownSyncConfig>> {
    const docs = await this.model.find({ _id: { $in: accountIds } }).lean().exec();
    return new Map(docs.map((d) => [d._id, known(d)]));
  }

  /**
   * Records a configuration unless a newer one is known (false then: a redelivered or reordered
   * older `sync.configured` changes nothing). An equal version is accepted so a redelivery after a
   * crash mid re-stamp finishes the job.
   */
  async record(accountId: string, configVersion: number, config: SyncConfig, companyId: string | null = null): Promise<boolean> {
    try {
      const { visibility, direction, ownerUserId, provider, groupId } = config;
      const res = await this.model.updateOne(
        { _id: accountId, configVersion: { $lte: configVersion } },
        { $set: { configVersion, visibility, direction, ownerUserId, provider, groupId, ...(companyId ? { companyId } : {}), ...(direction === 'one_way' ? { twoWaySince: null } : {}) } },
        { upsert: true },
      );
      const recorded = res.matchedCount + res.upsertedCount > 0;
      // Kept from the first configuration that made it two-way (a later re-configuration does not move it).
      if (recorded && direction === 'two_way') await this.model.updateOne({ _id: accountId, direction: 'two_way', twoWaySince: null }, { $set: { twoWaySince: new Date() } });
      return recorded;
    } catch (err) {
      // The upsert collided with the existing (newer) record: nothing to do.
      if ((err as { code?: number }).code === DUPLICATE_KEY) return false;
      throw err;
    }
  }

  /** The two-way sync a person goes to: its own sync when it came from one, else the owner's earliest two-way sync. */
  async twoWayTarget(ownerUserId: string, sourceAccountId: string | null): Promise<TwoWaySync | null> {
    const filter = sourceAccountId ? { _id: sourceAccountId, ownerUserId, direction: 'two_way' } : { ownerUserId, direction: 'two_way' };
    return toTwoWay(await this.model.findOne(filter).sort({ twoWaySince: 1 }).lean().exec());
  }

  /** The sync, if it is two-way. */
  async twoWaySync(accountId: string): Promise<TwoWaySync | null> {
    return toTwoWay(await this.model.findOne({ _id: accountId, direction: 'two_way' }).lean().exec());
  }

  async markApplied(accountId: string, configVersion: number): Promise<void> {
    await this.model.updateOne({ _id: accountId, appliedConfigVersion: { $lt: configVersion } }, { $set: { appliedConfigVersion: configVersion } });
  }
}

function toTwoWay(doc: (SyncConfigRecord & { _id: string }) | null): TwoWaySync | null {
  if (!doc || !doc.ownerUserId || !doc.provider) return null;
  return { accountId: doc._id, companyId: doc.companyId, ownerUserId: doc.ownerUserId, provider: doc.provider, groupId: doc.groupId, direction: doc.direction };
}
