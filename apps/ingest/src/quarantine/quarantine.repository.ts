import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import type { QuarantinedContact } from '@contact-sync/contact-model';
import { QuarantinedRecord } from './quarantined-record.schema';

export interface PassQuarantine {
  /** Quarantined by this pass (recorded or refreshed). */
  quarantined: QuarantinedContact[];
  /** Mapped fine or deleted by the provider in this pass: no longer quarantined. */
  cleared: string[];
  /** Full pass only: every id the pass saw; stored records it did not see left scope. */
  seen?: Set<string>;
}

@Injectable()
export class QuarantineRepository {
  constructor(@InjectModel(QuarantinedRecord.name) private readonly model: Model<QuarantinedRecord>) {}

  async applyPass(accountId: string, pass: PassQuarantine): Promise<void> {
    const now = new Date();
    const ops: AnyBulkWriteOperation<QuarantinedRecord>[] = pass.quarantined.map((q) => ({
      updateOne: {
        filter: { accountId, externalId: q.externalId },
        // quarantinedAt is the first time: samples stay stable (oldest first) across runs.
        update: { $set: { label: q.label, reason: q.reason }, $setOnInsert: { quarantinedAt: now } },
        upsert: true,
      },
    }));
    const stillQuarantined = new Set(pass.quarantined.map((q) => q.externalId));
    const cleared = pass.cleared.filter((id) => !stillQuarantined.has(id));
    if (cleared.length) ops.push({ deleteMany: { filter: { accountId, externalId: { $in: cleared } } } });
    if (ops.length) await this.model.bulkWrite(ops);
    if (pass.seen) {
      const stored = await this.ids(accountId);
      const gone = stored.filter((id) => !pass.seen?.has(id));
      if (gone.length) await this.model.deleteMany({ accountId, externalId: { $in: gone } }).exec();
    }
  }

  async ids(accountId: string): Promise<string[]> {
    const docs = await this.model.find({ accountId }, { _id: 0, externalId: 1 }).lean().exec();
    return docs.map((d) => d.externalId);
  }

  /** The sync's total and the oldest `limit` records (stable order for the dashboard). */
  async summary(accountId: string, limit: number): Promise<{ count: number; samples: QuarantinedContact[] }> {
    const [count, docs] = await Promise.all([
      this.model.countDocuments({ accountId }).exec(),
      this.model.find({ accountId }, { _id: 0, externalId: 1, label: 1, reason: 1 }).sort({ quarantinedAt: 1, externalId: 1 }).limit(limit).lean().exec(),
    ]);
    return { count, samples: docs.map((d) => ({ externalId: d.externalId, label: d.label, reason: d.reason })) };
  }

  async deleteAccount(accountId: string): Promise<void> {
    await this.model.deleteMany({ accountId }).exec();
  }
}
