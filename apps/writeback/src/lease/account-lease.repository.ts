import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { TransientError } from '@contact-sync/platform';
import { AccountLease } from './account-lease.schema';

const DUPLICATE_KEY = 11000;
/**
 * How long a lease outlives its last renewal: what a replica killed mid-write costs the account
 * (the next replica waits this long). A holder renews it every third of it while its work runs,
 * however long the provider makes it wait.
 */
export const LEASE_MS = 15_000;
/** Overrides LEASE_MS (tests). */
export const ACCOUNT_LEASE_MS = Symbol('ACCOUNT_LEASE_MS');
const POLL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Raised when another replica kept the account for the whole wait: transient, so the consumer
 * retries the event later (never dead-letters it); the holder's lease ends within LEASE_MS.
 */
export class AccountBusyError extends TransientError {
  override readonly name = 'AccountBusyError';
}

/**
 * Serialises one account's writes across writeback replicas (AccountBatcher does it
 * within one): a replica takes the account's lease, writes, and gives it back. A lease whose
 * replica died expires. Taking it is one atomic update on `_id`.
 */
@Injectable()
export class AccountLeaseRepository {
  readonly owner = `${process.env.HOSTNAME ?? 'writeback'}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    @InjectModel(AccountLease.name) private readonly model: Model<AccountLease>,
    @Optional() @Inject(ACCOUNT_LEASE_MS) private readonly leaseMs: number = LEASE_MS,
  ) {}

  /** When this replica last took or renewed each lease it holds (local clock). */
  private readonly renewedAt = new Map<string, number>();

  /** true when this replica holds the account's lease now (taken, or renewed). */
  async tryTake(accountId: string, now = new Date()): Promise<boolean> {
    try {
      const res = await this.model.updateOne(
        { _id: accountId, $or: [{ owner: this.owner }, { expiresAt: { $lt: now } }] },
        { $set: { owner: this.owner, expiresAt: new Date(now.getTime() + this.leaseMs) } },
        { upsert: true },
      );
      const held = res.matchedCount + res.upsertedCount === 1;
      if (held) this.renewedAt.set(accountId, now.getTime());
      return held;
    } catch (err) {
      // Upserting a lease another replica holds collides with its _id: not ours.
      if ((err as { code?: number }).code === DUPLICATE_KEY) return false;
      throw err;
    }
  }

  /**
   * Before a provider call of work under the lease (a call may follow a long Retry-After wait):
   * renews the lease unless this replica took or renewed it within the last third of its time,
   * as the timer of withLease does; so a call right after taking it costs no round trip.
   */
  async renew(accountId: string): Promise<void> {
    const at = this.renewedAt.get(accountId);
    if (at !== undefined && Date.now() - at < this.leaseMs / 3) return;
    await this.tryTake(accountId);
  }

  async release(accountId: string): Promise<void> {
    this.renewedAt.delete(accountId);
    await this.model.updateOne({ _id: accountId, owner: this.owner }, { $set: { expiresAt: new Date(0) } });
  }

  /**
   * Runs `work` holding the account's lease (renewed on a timer while it runs); waits (bounded:
   * long enough for a dead holder's lease to lapse) while another replica holds it.
   */
  async withLease<T>(accountId: string, work: () => Promise<T>, waitMs = (this.leaseMs * 4) / 3): Promise<T> {
    const deadline = Date.now() + waitMs;
    while (!(await this.tryTake(accountId))) {
      if (Date.now() > deadline) throw new AccountBusyError(`account ${accountId} is being written by another replica`);
      await sleep(POLL_MS);
    }
    const renewal = setInterval(() => void this.tryTake(accountId).catch(() => undefined), this.leaseMs / 3);
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await this.release(accountId).catch(() => undefined);
    }
  }
}
