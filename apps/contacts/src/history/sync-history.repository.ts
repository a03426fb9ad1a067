import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertManyIdempotent } from '@contact-sync/platform';
import { SyncHistoryEntry } from './sync-history.schema';

export type NewSyncHistoryEntry = Omit<SyncHistoryEntry, 'createdAt'>;

/** The sync history of persons; read only after the caller checked the reader may see the person. */
@Injectable()
export class SyncHistoryRepository {
  constructor(@InjectModel(SyncHistoryEntry.name) private readonly model: Model<SyncHistoryEntry>) {}

  /** Idempotent: an entry already recorded for the same event and person is kept as it is. */
  async record(entries: NewSyncHistoryEntry[]): Promise<void> {
    const due = entries.filter((e) => e.decisions.length > 0);
    if (due.length > 0) await insertManyIdempotent(this.model, due);
  }

  async forPerson(companyId: string, personId: string, limit: number): Promise<SyncHistoryEntry[]> {
    return this.model.find({ companyId, personId }).sort({ createdAt: -1 }).limit(limit).lean().exec();
  }
}
