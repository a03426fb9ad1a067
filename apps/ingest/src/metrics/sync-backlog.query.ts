import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SyncState } from '../state/sync-state.schema';

/** Bound of each query, so a slow database cannot hold a scrape. */
const QUERY_MS = 2000;

export interface SyncBacklog {
  /** Due (in a schedulable stage, or running with a lapsed lease) since before `dueBefore`, unclaimed. */
  dueUnclaimed: number;
  /** How long the most overdue of them has waited, in seconds (0 when none). */
  oldestDueSeconds: number;
  reconnectNeeded: number;
}

/** Read-only counts of `sync_states` for the scheduling gauges; served by the (stage, nextRunAt) index. */
@Injectable()
export class SyncBacklogQuery {
  constructor(@InjectModel(SyncState.name) private readonly model: Model<SyncState>) {}

  async read(now: Date, dueBefore: Date): Promise<SyncBacklog> {
    // The claim's own two filters (SyncStateRepository.claimNext), due for longer than the grace.
    const unclaimed = {
      $or: [
        { stage: { $in: ['pending', 'idle'] }, nextRunAt: { $lte: dueBefore } },
        { stage: 'running', nextRunAt: { $lte: dueBefore }, leaseExpiresAt: { $lt: now } },
      ],
    };
    const [dueUnclaimed, oldest, reconnectNeeded] = await Promise.all([
      this.model.countDocuments(unclaimed).maxTimeMS(QUERY_MS).exec(),
      this.model.findOne(unclaimed, { nextRunAt: 1 }).sort({ nextRunAt: 1 }).maxTimeMS(QUERY_MS).lean().exec(),
      this.model.countDocuments({ stage: 'reconnect_needed' }).maxTimeMS(QUERY_MS).exec(),
    ]);
    const oldestDueSeconds = oldest ? Math.max(0, (now.getTime() - new Date(oldest.nextRunAt).getTime()) / 1000) : 0;
    return { dueUnclaimed, oldestDueSeconds, reconnectNeeded };
  }
}
