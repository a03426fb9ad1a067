import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { DeadLetter } from '@contact-sync/events';
import { DeadLetterRecord } from './dead-letter.schema';

export interface OpenDeadLetters {
  count: number;
  samples: { eventId: string | null; externalId: string | null; reason: string; failedAt: string }[];
}

/** Dead letters of this service, open until the event (or its replay) is applied. */
@Injectable()
export class DeadLetterRepository {
  constructor(@InjectModel(DeadLetterRecord.name) private readonly model: Model<DeadLetterRecord>) {}

  /** Idempotent per consumed message: a redelivered culprit updates its letter instead of adding one. */
  async record(letter: DeadLetter & { externalId: string | null }): Promise<void> {
    const { sourceTopic, partition, offset, consumerGroup, ...rest } = letter;
    await this.model.updateOne(
      { sourceTopic, partition, offset, consumerGroup },
      { $set: { ...rest, failedAt: new Date(rest.failedAt), resolvedAt: null, replayedAt: null } },
      { upsert: true },
    );
  }

  async openForAccount(accountId: string, sampleLimit: number): Promise<OpenDeadLetters> {
    const filter = { accountId, resolvedAt: null };
    const [count, docs] = await Promise.all([
      this.model.countDocuments(filter),
      sampleLimit > 0 ? this.model.find(filter).sort({ failedAt: -1 }).limit(sampleLimit).lean() : Promise.resolve([]),
    ]);
    return {
      count,
      samples: docs.map((d) => ({ eventId: d.eventId, externalId: d.externalId, reason: d.reason, failedAt: d.failedAt.toISOString() })),
    };
  }

  async resolve(eventIds: string[]): Promise<number> {
    if (eventIds.length === 0) return 0;
    // Called for every applied chunk and almost never matching: a read first, so the normal case writes nothing.
    if (!(await this.model.exists({ eventId: { $in: eventIds }, resolvedAt: null }))) return 0;
    const res = await this.model.updateMany({ eventId: { $in: eventIds }, resolvedAt: null }, { $set: { resolvedAt: new Date() } });
    return res.modifiedCount;
  }
}
