import { insertManyIdempotent } from '@contact-sync/platform';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import { SyncActivityHour, SyncActivityRun } from './sync-activity.schema';

export interface ActivityCounts {
  added: number;
  updated: number;
  deleted: number;
}

/** What one applied chunk did for one run of one sync. */
export interface RunActivity extends ActivityCounts {
  accountId: string;
  syncRunId: string;
  maxSequence: number;
  processed: number;
}

const HOUR_MS = 3_600_000;
const KEEP_MS = 8 * 24 * HOUR_MS;

@Injectable()
export class SyncActivityRepository {
  constructor(
    @InjectModel(SyncActivityHour.name) private readonly hours: Model<SyncActivityHour>,
    @InjectModel(SyncActivityRun.name) private readonly runs: Model<SyncActivityRun>,
  ) {}

  /** Counted after the chunk's writes succeeded; a crash in between under-counts a redelivered chunk's duplicates, never invents changes. */
  async record(activities: RunActivity[], now = new Date()): Promise<void> {
    const hour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
    // Counters are created first and incremented after: FerretDB (DocumentDB) loses `$inc`s of
    // concurrent first-time upserts of one document without an error (measured: 16 of 30 racing
    // triples), while increments of an existing document are exact.
    const runIds = activities.map((a) => `${a.accountId}:${a.syncRunId}`);
    await ensureExist(this.runs, activities.map((a, i) => ({ _id: runIds[i] as string, accountId: a.accountId, syncRunId: a.syncRunId, lastAt: now, processed: 0, added: 0, updated: 0, deleted: 0, maxSequence: 0 })));
    const runOps: AnyBulkWriteOperation<SyncActivityRun>[] = activities.map((a, i) => ({
      updateOne: {
        filter: { _id: runIds[i] },
        update: { $set: { lastAt: now }, $max: { maxSequence: a.maxSequence }, $inc: { processed: a.processed, added: a.added, updated: a.updated, deleted: a.deleted } },
      },
    }));
    const changed = activities.filter((a) => a.added + a.updated + a.deleted > 0);
    const hourIds = changed.map((a) => `${a.accountId}:${hour.toISOString()}`);
    const openedIdx = await ensureExist(this.hours, changed.map((a, i) => ({ _id: hourIds[i] as string, accountId: a.accountId, hour, added: 0, updated: 0, deleted: 0 })));
    const hourOps: AnyBulkWriteOperation<SyncActivityHour>[] = changed.map((a, i) => ({
      updateOne: { filter: { _id: hourIds[i] }, update: { $inc: { added: a.added, updated: a.updated, deleted: a.deleted } } },
    }));
    if (runOps.length > 0) await this.runs.bulkWrite(runOps, { ordered: false });
    if (hourOps.length === 0) return;
    await this.hours.bulkWrite(hourOps, { ordered: false });
    // A sync's first bucket of a new hour: the moment to drop what has aged out (at most hourly per
    // sync, and never on the dashboard's read path).
    const opened = openedIdx.flatMap((i) => changed[i]?.accountId ?? []);
    if (opened.length > 0) await this.prune(opened, now);
  }

  private async prune(accountIds: string[], now: Date): Promise<void> {
    const cutoff = new Date(now.getTime() - KEEP_MS);
    await this.hours.deleteMany({ accountId: { $in: accountIds }, hour: { $lt: cutoff } });
    await this.runs.deleteMany({ accountId: { $in: accountIds }, lastAt: { $lt: cutoff } });
  }

  async lastRun(accountId: string): Promise<(ActivityCounts & { syncRunId: string; processed: number }) | null> {
    const run = await this.runs.findOne({ accountId }).sort({ maxSequence: -1 }).lean().exec();
    return run ? { syncRunId: run.syncRunId, processed: run.processed, added: run.added, updated: run.updated, deleted: run.deleted } : null;
  }

  /** Sums for the last 24 h and 7 days (by whole hours): a read only (record() drops aged buckets). */
  async windows(accountId: string, now = new Date()): Promise<{ last24h: ActivityCounts; last7d: ActivityCounts }> {
    const buckets = await this.hours.find({ accountId, hour: { $gte: new Date(now.getTime() - 7 * 24 * HOUR_MS) } }).lean().exec();
    const sum = (since: number): ActivityCounts =>
      buckets
        .filter((b) => b.hour.getTime() >= since)
        .reduce((t, b) => ({ added: t.added + b.added, updated: t.updated + b.updated, deleted: t.deleted + b.deleted }), { added: 0, updated: 0, deleted: 0 });
    // The current hour counts in both windows, so the 24 h window spans the 23 whole hours before it too.
    const currentHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
    return { last24h: sum(currentHour - 23 * HOUR_MS), last7d: sum(currentHour - (7 * 24 - 1) * HOUR_MS) };
  }
}

/** Inserts the documents that do not exist yet (a concurrent insert of the same _id is fine); returns the indexes it created. */
async function ensureExist<T>(model: Model<T>, docs: (Record<string, unknown> & { _id: string })[]): Promise<number[]> {
  if (docs.length === 0) return [];
  const existed = new Set(await insertManyIdempotent(model, docs));
  return docs.flatMap((_, i) => (existed.has(i) ? [] : [i]));
}
