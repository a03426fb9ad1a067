import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AccountLease } from './account-lease.schema';

const DUPLICATE_KEY = 11000;
/** Long enough for one write with its retries (4 attempts, at most 30 s apart); renewed per write. */
export const LEASE_MS = 120_000;
const POLL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Raised when another replica kept the account for the whole wait: the consumer retries the event later. */
export class AccountBusyError extends Error {
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

  constructor(@InjectModel(AccountLease.name) private readonly model: Model<AccountLease>) {}

  /** true when this replica holds the account's lease now (taken, or renewed). */
  async tryTake(accountId: string, now = new Date()): Promise<boolean> {
    try {
      const res = await this.model.updateOne(
        { _id: accountId, $or: [{ owner: this.owner }, { expiresAt: { $lt: now } }] },
        { $set: { owner: this.owner, expiresAt: new Date(now.getTime() + LEASE_MS) } },
        { upsert: true },
      );
      return res.matchedCount + res.upsertedCount === 1;
    } catch (err) {
      // Upserting a lease another replica holds collides with its _id: not ours.
      if ((err as { code?: number }).code === DUPLICATE_KEY) return false;
      throw err;
    }
  }

  async release(accountId: string): Promise<void> {
    await this.model.updateOne({ _id: accountId, owner: this.owner }, { $set: { expiresAt: new Date(0) } });
  }

  /** Runs `work` holding the account's lease; waits (bounded) while another replica holds it. */
  async withLease<T>(accountId: string, work: () => Promise<T>, waitMs = LEASE_MS): Promise<T> {
    const deadline = Date.now() + waitMs;
    while (!(await this.tryTake(accountId))) {
      if (Date.now() > deadline) throw new AccountBusyError(`account ${accountId} is being written by another replica`);
      await sleep(POLL_MS);
    }
    try {
      return await work();
    } finally {
      await this.release(accountId).catch(() => undefined);
    }
  }
}
