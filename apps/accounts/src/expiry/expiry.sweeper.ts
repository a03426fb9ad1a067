import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { PeriodicSweep } from '@contact-sync/platform';
import { Account } from '../accounts/account.schema';
import { OAuthAttempt } from '../oauth/oauth-attempt.schema';

/** A connection not completed within a day is abandoned (the attempt itself expires after 15 minutes). */
export const PENDING_ACCOUNT_TTL_MS = 24 * 3_600_000;
/** Expired attempts are kept a little for diagnosis of "expired" callbacks, then removed. */
export const ATTEMPT_RETENTION_MS = 60 * 60_000;

/**
 * Removes abandoned pending accounts and old OAuth attempts. A sweep instead of TTL indexes: not
 * every MongoDB-compatible server we run on honours them. Idempotent deletes, so no lease needed.
 */
@Injectable()
export class ExpirySweeper extends PeriodicSweep<{ accounts: number; attempts: number }> {
  protected readonly intervalMs = 10 * 60_000;

  constructor(
    @InjectModel(Account.name) private readonly accounts: Model<Account>,
    @InjectModel(OAuthAttempt.name) private readonly attempts: Model<OAuthAttempt>,
  ) {
    super();
  }

  protected async sweepOnce(now: number): Promise<{ accounts: number; attempts: number }> {
    // Never-connected only (connectedAt null): a reconnecting account keeps its history.
    const accounts = await this.accounts.deleteMany({ status: 'pending', connectedAt: null, updatedAt: { $lt: new Date(now - PENDING_ACCOUNT_TTL_MS) } });
    const attempts = await this.attempts.deleteMany({ expiresAt: { $lt: new Date(now - ATTEMPT_RETENTION_MS) } });
    return { accounts: accounts.deletedCount, attempts: attempts.deletedCount };
  }
}
