import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { AnyEvent } from '@contact-sync/events';
import { EventPublisher } from '@contact-sync/platform';
import { Account } from '../accounts/account.schema';

/** Long enough for one publish with kafkajs retries; a crashed holder's lease simply runs out. */
export const OUTBOX_LEASE_MS = 30_000;

/**
 * Publishes an account's outbox in order and pulls what was published. Holds the account's lease
 * while doing so, so the request path and every replica's sweeper never publish one account's
 * events out of order. Consumers de-duplicate on event id, so a crash after publish and before
 * the pull only causes a redelivery.
 */
@Injectable()
export class OutboxPublisher {
  private readonly logger = new Logger(OutboxPublisher.name);

  constructor(
    @InjectModel(Account.name) private readonly model: Model<Account>,
    private readonly events: EventPublisher,
  ) {}

  /** true when the outbox is now empty; false when another holder has it or the publish failed (the sweeper retries). */
  async flush(accountId: string): Promise<boolean> {
    const now = new Date();
    const leased = await this.model
      .findOneAndUpdate(
        { _id: accountId, $or: [{ outboxLeaseUntil: null }, { outboxLeaseUntil: { $lt: now } }] },
        { $set: { outboxLeaseUntil: new Date(now.getTime() + OUTBOX_LEASE_MS) } },
        { new: true, timestamps: false },
      )
      .lean()
      .exec();
    if (!leased) return false;
    const entries = leased.outbox ?? [];
    try {
      if (entries.length > 0) {
        await this.events.publish(...entries.map((e) => e.event as unknown as AnyEvent));
        await this.model.updateOne(
          { _id: accountId },
          { $pull: { outbox: { eventId: { $in: entries.map((e) => e.eventId) } } } },
          { timestamps: false },
        );
      }
      return true;
    } catch (err) {
      this.logger.warn(`account ${accountId}: publishing ${entries.length} outbox event(s) failed, the sweeper retries: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    } finally {
      await this.model.updateOne({ _id: accountId }, { $set: { outboxLeaseUntil: null } }, { timestamps: false }).catch(() => undefined);
    }
  }

  /** Ids of accounts holding events recorded before `olderThan` whose lease is free, oldest first. */
  async due(olderThan: Date, limit: number): Promise<string[]> {
    const rows = await this.model
      .find(
        { 'outbox.recordedAt': { $lt: olderThan }, $or: [{ outboxLeaseUntil: null }, { outboxLeaseUntil: { $lt: new Date() } }] },
        { _id: 1 },
      )
      .limit(limit)
      .lean()
      .exec();
    return rows.map((r) => String(r._id));
  }
}
