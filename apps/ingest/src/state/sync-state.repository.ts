import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { SyncConfig } from '@contact-sync/events';
import { SyncState, type HeldDeletions, type RunKind, type SyncStateDocument } from './sync-state.schema';
import { leaseFilter, type SyncLease } from './sync-lease';

const SCHEDULABLE = ['pending', 'idle'] as const;
/** Crashed runs in a row that are retried at once; after that they back off like other failures. */
export const CRASHES_BEFORE_BACKOFF = 3;
export const MAX_BACKOFF_MS = 15 * 60_000;
export const backoffMs = (failureCount: number): number => Math.min(MAX_BACKOFF_MS, 5_000 * 2 ** failureCount);
const CRASH_ERROR = { code: 'internal', message: 'the previous run did not finish' };

type ErrorInfo = { code: string; message: string };

/**
 * The sync state machine (stage table in sync-state.schema.ts). Every stage change is one named,
 * single-document atomic transition, so concurrent replicas and redelivered events cannot corrupt it.
 */
@Injectable()
export class SyncStateRepository {
  constructor(@InjectModel(SyncState.name) private readonly model: Model<SyncState>) {}

  get(accountId: string): Promise<SyncStateDocument | null> {
    return this.model.findById(accountId).exec();
  }

  /**
   * "Start sync" or a new configuration: a full pass is due now; a running pass is fenced; a held
   * deletion is dropped (the question was about the old scope). A version not newer than the stored
   * one (redelivery, reordering) is ignored, so it cannot restart or roll back the sync.
   */
  async configure(accountId: string, companyId: string, config: SyncConfig, configVersion: number): Promise<boolean> {
    const current = await this.get(accountId);
    // Version 0 is an upgraded version-1 event (no versions then): those always apply, as before.
    const stale = (stored: number) => stored > configVersion || (configVersion > 0 && stored === configVersion);
    if (current && stale(current.configVersion)) return false;
    const scopeChanged = !!current && current.config.groupId !== config.groupId;
    const now = new Date();
    try {
      const res = await this.model.updateOne(
        { _id: accountId, $or: [{ configVersion: configVersion > 0 ? { $lt: configVersion } : { $lte: 0 } }, { configVersion: { $exists: false } }] },
        {
          $set: {
            companyId,
            config,
            configVersion,
            stage: 'pending',
            stageChangedAt: now,
            requestedKind: 'full',
            nextRunAt: now,
            failureCount: 0,
            lastError: null,
            heldDeletions: null,
            leaseOwner: null,
            leaseExpiresAt: null,
            ...(scopeChanged ? { cursor: null, scopeChanged: true } : {}),
          },
          $inc: { requestSeq: 1, fence: 1 },
        },
        { upsert: true },
      );
      return res.matchedCount + res.upsertedCount > 0;
    } catch (err) {
      // The upsert lost to a newer version stored meanwhile (same _id, filter did not match).
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }

  /**
   * Refresh button / reconnect: run as soon as possible. Ignored for paused or disconnected syncs. A
   * held mass deletion is dropped and the pass runs again: if the listing is whole now (the provider
   * recovered) nothing is deleted; if not, the user is asked again about the new run.
   */
  async requestRun(accountId: string, kind: RunKind): Promise<boolean> {
    const now = new Date();
    const res = await this.model.updateOne(
      { _id: accountId, stage: { $in: ['pending', 'idle', 'running', 'reconnect_needed', 'awaiting_confirmation'] } },
      {
        // The user acted (refresh, reconnect): the failure backoff starts over, or a failure just
        // before the request would keep the sync waiting up to the 15-minute maximum.
        $set: { nextRunAt: now, failureCount: 0, ...(kind === 'full' ? { requestedKind: 'full' } : {}) },
        $inc: { requestSeq: 1 },
      },
    );
    if (res.matchedCount === 0) return false;
    // A waiting sync becomes due; a running one sees requestSeq move and runs again when done.
    await this.model.updateOne(
      { _id: accountId, stage: { $in: ['idle', 'reconnect_needed', 'awaiting_confirmation'] } },
      { $set: { stage: 'pending', stageChangedAt: now, heldDeletions: null } },
    );
    return true;
  }

  async pause(accountId: string): Promise<void> {
    await this.model.updateOne(
      { _id: accountId, stage: { $ne: 'disconnected' } },
      { $set: { stage: 'paused', stageChangedAt: new Date(), leaseOwner: null, leaseExpiresAt: null, heldDeletions: null }, $inc: { fence: 1 } },
    );
  }

  async disconnect(accountId: string): Promise<void> {
    await this.model.updateOne(
      { _id: accountId },
      {
        $set: { stage: 'disconnected', stageChangedAt: new Date(), cursor: null, leaseOwner: null, leaseExpiresAt: null, heldDeletions: null },
        $inc: { fence: 1 },
      },
    );
  }

  /**
   * Compare-and-set claim of the most overdue sync. A `running` sync whose lease lapsed (its replica
   * died) is claimable again, as a failure: after CRASHES_BEFORE_BACKOFF in a row it backs off instead.
   */
  async claimNext(owner: string, leaseMs: number): Promise<SyncStateDocument | null> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const now = new Date();
      const fresh = { nextRunAt: { $lte: now }, stage: { $in: SCHEDULABLE } };
      const crashed = { nextRunAt: { $lte: now }, stage: 'running', leaseExpiresAt: { $lt: now } };
      // A plain read first: idle ticks then cost no write on the database.
      if (!(await this.model.exists({ $or: [fresh, crashed] }))) return null;
      // `fence: 0` in $inc materialises the field on states stored before it existed (lease filters match on it).
      const claim = { stage: 'running', stageChangedAt: now, leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) };
      const claimed = await this.model.findOneAndUpdate(fresh, { $set: claim, $inc: { runSeq: 1, fence: 0 } }, { sort: { nextRunAt: 1 }, new: true }).exec();
      if (claimed) return claimed;
      const recovered = await this.model
        .findOneAndUpdate(crashed, { $set: { ...claim, lastError: CRASH_ERROR }, $inc: { runSeq: 1, fence: 0, failureCount: 1 } }, { sort: { nextRunAt: 1 }, new: true })
        .exec();
      if (!recovered) continue;
      if (recovered.failureCount <= CRASHES_BEFORE_BACKOFF) return recovered;
      // A crash loop: wait like any failing sync instead of killing replica after replica.
      await this.model.updateOne(leaseFilter(leaseOf(recovered, owner)), {
        $set: { stage: 'pending', leaseOwner: null, leaseExpiresAt: null, nextRunAt: new Date(Date.now() + backoffMs(recovered.failureCount)) },
      });
    }
    return null;
  }

  /** Extends the lease; false means the run was fenced or taken over. */
  async renewLease(lease: SyncLease, leaseMs: number): Promise<boolean> {
    const res = await this.model.updateOne(leaseFilter(lease), { $set: { leaseExpiresAt: new Date(Date.now() + leaseMs) } });
    return res.matchedCount === 1;
  }

  /** Reserves `count` event sequences (one $inc): the first of the block, or null if the lease is gone. */
  async reserveSequences(lease: SyncLease, count: number): Promise<number | null> {
    const doc = await this.model.findOneAndUpdate(leaseFilter(lease), { $inc: { eventSeq: count } }, { new: true, projection: { eventSeq: 1 } }).lean().exec();
    return doc ? doc.eventSeq - count + 1 : null;
  }

  /** Sequences outside a run (confirmed held deletions): only while the deletions are still held by `heldRunId`. */
  async reserveHeldSequences(accountId: string, heldRunId: string, count: number): Promise<number | null> {
    const doc = await this.model
      .findOneAndUpdate({ _id: accountId, stage: 'awaiting_confirmation', 'heldDeletions.runId': heldRunId }, { $inc: { eventSeq: count } }, { new: true, projection: { eventSeq: 1 } })
      .lean()
      .exec();
    return doc ? doc.eventSeq - count + 1 : null;
  }

  /** Keeps the cursor of a completed pass; false when the lease is gone. */
  async saveCursor(lease: SyncLease, cursor: string | null): Promise<boolean> {
    const res = await this.model.updateOne(leaseFilter(lease), { $set: { cursor } });
    return res.matchedCount === 1;
  }

  /**
   * Done. `requestedKind` is cleared only by a full run that no newer request overtook, so a full
   * refresh asked for during an incremental run is not downgraded.
   */
  async succeed(state: SyncStateDocument, lease: SyncLease, ranFull: boolean, intervalMs: number): Promise<void> {
    if (ranFull) await this.clearFullRequest(state, lease);
    await this.release(state, lease, {
      stage: 'idle',
      failureCount: 0,
      lastError: null,
      nextRunAt: new Date(Date.now() + intervalMs),
      ...(ranFull ? { scopeChanged: false } : {}),
    });
  }

  /**
   * A mass deletion: nothing deleted, nothing scheduled until the user decides. The full listing
   * itself completed, so a full request it served is cleared (the pass after the answer is incremental).
   */
  async holdDeletions(state: SyncStateDocument, lease: SyncLease, ranFull: boolean, held: HeldDeletions, error: ErrorInfo): Promise<boolean> {
    if (ranFull) await this.clearFullRequest(state, lease);
    return this.release(state, lease, { stage: 'awaiting_confirmation', heldDeletions: held, lastError: error, failureCount: 0, nextRunAt: new Date() }, false);
  }

  /** The held deletions of `heldRunId`, or null when the question is stale. */
  async findHeld(accountId: string, heldRunId: string): Promise<{ state: SyncStateDocument; held: HeldDeletions } | null> {
    const state = await this.model.findOne({ _id: accountId, stage: 'awaiting_confirmation', 'heldDeletions.runId': heldRunId }).exec();
    return state?.heldDeletions ? { state, held: state.heldDeletions } : null;
  }

  /** The user answered: back to idle and due now (a fresh run reports the new state). */
  async resolveHeld(accountId: string, heldRunId: string): Promise<boolean> {
    const now = new Date();
    const res = await this.model.updateOne(
      { _id: accountId, stage: 'awaiting_confirmation', 'heldDeletions.runId': heldRunId },
      { $set: { stage: 'idle', stageChangedAt: now, heldDeletions: null, lastError: null, nextRunAt: now } },
    );
    return res.matchedCount === 1;
  }

  /**
   * A temporary failure: try again after `delayMs(failures so far)`, keeping what the next run must
   * be. A user request that arrived during the run (requestSeq moved) reset the count: this failure
   * is then the first of a new series, not one more of the old (which could wait 15 minutes).
   */
  async retryLater(state: SyncStateDocument, lease: SyncLease, delayMs: (failureCount: number) => number, error: ErrorInfo): Promise<void> {
    const retry = (failuresBefore: number): Partial<SyncState> => ({
      stage: 'pending', failureCount: failuresBefore + 1, lastError: error, nextRunAt: new Date(Date.now() + delayMs(failuresBefore)),
    });
    const now = new Date();
    const release = { stageChangedAt: now, leaseOwner: null, leaseExpiresAt: null };
    const unrequested = await this.model.updateOne({ ...leaseFilter(lease), requestSeq: state.requestSeq }, { $set: { ...retry(state.failureCount), ...release } });
    if (unrequested.matchedCount === 1) return;
    await this.model.updateOne(leaseFilter(lease), { $set: { ...retry(0), ...release } });
  }

  /** This replica is shutting down mid-run: hand the sync back, due at once, without counting a failure. */
  async handBack(state: SyncStateDocument, lease: SyncLease): Promise<void> {
    await this.release(state, lease, { stage: 'pending', nextRunAt: new Date() }, false);
  }

  /** The user must act (reconnect, grant a permission); nothing is scheduled until then. The cursor is kept. */
  /** The synced group/folder is gone: not scheduled until a new `sync.configured`; cursor and shadow kept. */
  async needConfiguration(state: SyncStateDocument, lease: SyncLease, error: ErrorInfo): Promise<void> {
    await this.release(state, lease, { stage: 'needs_configuration', lastError: error, nextRunAt: new Date() }, false);
  }

  async needReconnect(state: SyncStateDocument, lease: SyncLease, error: ErrorInfo): Promise<void> {
    await this.release(state, lease, { stage: 'reconnect_needed', lastError: error, nextRunAt: new Date() }, false);
  }

  /** Accounts no longer knows the account (404): stop syncing it; the lifecycle event will follow or has passed. */
  async stopGone(state: SyncStateDocument, lease: SyncLease): Promise<void> {
    await this.release(state, lease, { stage: 'disconnected', cursor: null, nextRunAt: new Date() }, false);
  }

  /** Only when no request arrived during the run (requestSeq unchanged since the claim). */
  private async clearFullRequest(state: SyncStateDocument, lease: SyncLease): Promise<void> {
    await this.model.updateOne({ ...leaseFilter(lease), requestSeq: state.requestSeq }, { $set: { requestedKind: null } });
  }

  private async release(state: SyncStateDocument, lease: SyncLease, set: Partial<SyncState>, honourNewRequests = true): Promise<boolean> {
    const now = new Date();
    const res = await this.model.updateOne(leaseFilter(lease), { $set: { ...set, stageChangedAt: now, leaseOwner: null, leaseExpiresAt: null } });
    if (honourNewRequests && res.matchedCount === 1) {
      // A refresh that arrived while we ran must not wait for the next period.
      await this.model.updateOne({ _id: state._id, stage: 'idle', requestSeq: { $gt: state.requestSeq } }, { $set: { stage: 'pending', nextRunAt: now } });
    }
    return res.matchedCount === 1;
  }
}

export function leaseOf(state: SyncStateDocument, owner: string): SyncLease {
  return { accountId: state._id, owner, runSeq: state.runSeq, fence: state.fence };
}
