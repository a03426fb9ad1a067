import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { SyncConfig } from '@contact-sync/events';
import { SyncState, type RunKind, type SyncStateDocument } from './sync-state.schema';

const SCHEDULABLE = ['pending', 'idle'] as const;

/**
 * The sync state machine. Every stage change is one named, single-document atomic transition, so
 * concurrent replicas and redelivered events cannot corrupt it (no multi-document transactions).
 */
@Injectable()
export class SyncStateRepository {
  constructor(@InjectModel(SyncState.name) private readonly model: Model<SyncState>) {}

  get(accountId: string): Promise<SyncStateDocument | null> {
    return this.model.findById(accountId).exec();
  }

  /** "Start sync" (or a new configuration): a full pass is due now. The cursor is dropped if the scope changed. */
  async configure(accountId: string, companyId: string, config: SyncConfig): Promise<void> {
    const current = await this.get(accountId);
    const scopeChanged = !current || current.config.groupId !== config.groupId;
    const now = new Date();
    await this.model.updateOne(
      { _id: accountId },
      {
        $set: {
          companyId,
          config,
          stage: 'pending',
          stageChangedAt: now,
          requestedKind: 'full',
          nextRunAt: now,
          failureCount: 0,
          lastError: null,
          ...(scopeChanged ? { cursor: null } : {}),
        },
        $inc: { requestSeq: 1 },
      },
      { upsert: true },
    );
  }

  /** Refresh button / reconnect: run as soon as possible. Ignored for paused or disconnected syncs. */
  async requestRun(accountId: string, kind: RunKind): Promise<boolean> {
    const now = new Date();
    const res = await this.model.updateOne(
      { _id: accountId, stage: { $in: ['pending', 'idle', 'running', 'reconnect_needed'] } },
      {
        $set: { nextRunAt: now, ...(kind === 'full' ? { requestedKind: 'full' } : {}) },
        $inc: { requestSeq: 1 },
      },
    );
    if (res.matchedCount === 0) return false;
    // A waiting sync becomes due; a running one sees requestSeq move and runs again when done.
    await this.model.updateOne(
      { _id: accountId, stage: { $in: ['idle', 'reconnect_needed'] } },
      { $set: { stage: 'pending', stageChangedAt: now } },
    );
    return true;
  }

  async pause(accountId: string): Promise<void> {
    await this.model.updateOne({ _id: accountId }, { $set: { stage: 'paused', stageChangedAt: new Date(), leaseOwner: null, leaseExpiresAt: null } });
  }

  async disconnect(accountId: string): Promise<void> {
    await this.model.updateOne(
      { _id: accountId },
      { $set: { stage: 'disconnected', stageChangedAt: new Date(), cursor: null, leaseOwner: null, leaseExpiresAt: null } },
    );
  }

  /**
   * Compare-and-set claim of the most overdue sync. A `running` sync whose lease lapsed (its
   * replica died) is claimable again: that is the sweep of stuck runs.
   */
  async claimNext(owner: string, leaseMs: number): Promise<SyncStateDocument | null> {
    const now = new Date();
    const due = {
      nextRunAt: { $lte: now },
      $or: [{ stage: { $in: SCHEDULABLE } }, { stage: 'running', leaseExpiresAt: { $lt: now } }],
    };
    // A plain read first: idle ticks then cost no write on the database.
    if (!(await this.model.exists(due))) return null;
    return this.model
      .findOneAndUpdate(
        due,
        { $set: { stage: 'running', stageChangedAt: now, leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) } },
        { sort: { nextRunAt: 1 }, new: true },
      )
      .exec();
  }

  /** Extends the lease after each page; false means another replica took the sync over. */
  async renewLease(accountId: string, owner: string, leaseMs: number): Promise<boolean> {
    const res = await this.model.updateOne(
      { _id: accountId, leaseOwner: owner, stage: 'running' },
      { $set: { leaseExpiresAt: new Date(Date.now() + leaseMs) } },
    );
    return res.matchedCount === 1;
  }

  /** Keeps the cursor of a completed pass. */
  async saveCursor(accountId: string, owner: string, cursor: string | null): Promise<void> {
    await this.model.updateOne({ _id: accountId, leaseOwner: owner }, { $set: { cursor } });
  }

  async succeed(state: SyncStateDocument, owner: string, intervalMs: number): Promise<void> {
    await this.release(state, owner, {
      stage: 'idle',
      requestedKind: null,
      failureCount: 0,
      lastError: null,
      nextRunAt: new Date(Date.now() + intervalMs),
    });
  }

  /** A temporary failure: try again after `retryAfterMs`, keeping what the next run must be. */
  async retryLater(state: SyncStateDocument, owner: string, retryAfterMs: number, error: { code: string; message: string }): Promise<void> {
    await this.release(state, owner, {
      stage: 'pending',
      failureCount: state.failureCount + 1,
      lastError: error,
      nextRunAt: new Date(Date.now() + retryAfterMs),
    }, false);
  }

  /**
   * This replica is shutting down mid-run: hand the sync back, due at once, for another replica.
   * Nothing failed, so no failure is counted; a full pass resumes against the shadow it already wrote.
   */
  async handBack(state: SyncStateDocument, owner: string): Promise<void> {
    await this.release(state, owner, { stage: 'pending', nextRunAt: new Date() }, false);
  }

  /** The user must act (reconnect); nothing is scheduled until then. The cursor is kept. */
  async needReconnect(state: SyncStateDocument, owner: string, error: { code: string; message: string }): Promise<void> {
    await this.release(state, owner, { stage: 'reconnect_needed', lastError: error, nextRunAt: new Date() }, false);
  }

  private async release(state: SyncStateDocument, owner: string, set: Partial<SyncState>, honourNewRequests = true): Promise<void> {
    const now = new Date();
    await this.model.updateOne(
      { _id: state._id, leaseOwner: owner, stage: 'running' },
      { $set: { ...set, stageChangedAt: now, leaseOwner: null, leaseExpiresAt: null } },
    );
    if (honourNewRequests) {
      // A refresh that arrived while we ran must not wait for the next period.
      await this.model.updateOne(
        { _id: state._id, stage: 'idle', requestSeq: { $gt: state.requestSeq } },
        { $set: { stage: 'pending', nextRunAt: now } },
      );
    }
  }
}
