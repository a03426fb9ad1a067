import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { CanonicalContact } from '@contact-sync/contact-model';
import type { EventPayload } from '@contact-sync/events';
import { insertManyIdempotent } from '@contact-sync/platform';
import { WritebackState } from './writeback-state.schema';

export interface KnownWrite {
  lastVersion: number;
  externalId: string | null;
  etag: string | null;
  base: CanonicalContact | null;
  deleted: boolean;
  /** The result of `lastVersion`, until it is published (a crash in between republishes it). */
  pendingResult: EventPayload<'writeback.completed'> | null;
}

const idOf = (accountId: string, personId: string) => `${accountId}:${personId}`;

type Result = EventPayload<'writeback.completed'>;
/** A pending result as stored: its contact left out when it is the record's base (the usual case), which halves a push's bytes. */
type StoredResult = Omit<Result, 'contact'> & { contact?: Result['contact']; contactIsBase?: true };

function stored(write: Partial<Omit<KnownWrite, 'lastVersion'>>): Record<string, unknown> {
  const r = write.pendingResult;
  if (!r || r.contact === null || r.contact !== write.base) return write;
  const { contact: _, ...rest } = r;
  return { ...write, pendingResult: { ...rest, contactIsBase: true } satisfies StoredResult };
}

function knownOf(doc: { lastVersion: number; externalId: string | null; etag: string | null; base: CanonicalContact | null; deleted: boolean; pendingResult?: Record<string, unknown> | null }): KnownWrite {
  return { lastVersion: doc.lastVersion, externalId: doc.externalId, etag: doc.etag, base: doc.base, deleted: doc.deleted, pendingResult: resultOf(doc.pendingResult ?? null, doc.base) };
}

/** A stored pending result made whole again: the contact left out is the record's base. */
function resultOf(stored: Record<string, unknown> | null, base: CanonicalContact | null): Result | null {
  if (stored === null) return null;
  const { contactIsBase, ...result } = stored as StoredResult;
  return (contactIsBase ? { ...result, contact: base } : result) as Result;
}

@Injectable()
export class WritebackStateRepository {
  constructor(@InjectModel(WritebackState.name) private readonly model: Model<WritebackState>) {}

  async get(accountId: string, personId: string): Promise<KnownWrite | null> {
    const doc = await this.model.findById(idOf(accountId, personId)).lean().exec();
    return doc ? knownOf(doc) : null;
  }

  /** The known writes of these persons, in one query. */
  async getMany(accountId: string, personIds: string[]): Promise<Map<string, KnownWrite>> {
    if (personIds.length === 0) return new Map();
    const docs = await this.model.find({ _id: { $in: personIds.map((p) => idOf(accountId, p)) } }).lean().exec();
    return new Map(docs.map((doc) => [doc.personId, knownOf(doc)]));
  }

  /**
   * record() for many persons in one unordered bulk write (a batch create's results). Persons the
   * caller found without a record (`fresh`) are inserted in one command, far cheaper than as many
   * upserts; one that appeared meanwhile (a duplicate) goes the upsert way like the others.
   */
  async recordMany(accountId: string, writes: { personId: string; version: number; write: Partial<Omit<KnownWrite, 'lastVersion'>> }[], fresh: ReadonlySet<string> = new Set()): Promise<void> {
    const inserts = writes.filter((w) => fresh.has(w.personId));
    const upserts = writes.filter((w) => !fresh.has(w.personId));
    const duplicates = await insertManyIdempotent(
      this.model,
      inserts.map((w) => ({ _id: idOf(accountId, w.personId), accountId, personId: w.personId, lastVersion: w.version, ...stored(w.write) })),
      { lean: true }, // built here whole; a push inserts thousands
    );
    upserts.push(...duplicates.map((i) => inserts[i] as (typeof inserts)[number]));
    if (upserts.length === 0) return;
    writes = upserts;
    try {
      await this.model.bulkWrite(
        writes.map((w) => ({
          updateOne: {
            filter: { _id: idOf(accountId, w.personId), lastVersion: { $lt: w.version } },
            update: { $set: { lastVersion: w.version, ...stored(w.write) }, $setOnInsert: { accountId, personId: w.personId } },
            upsert: true,
          },
        })),
        { ordered: false },
      );
    } catch (err) {
      // Upserts that lost to a newer version stored meanwhile collide on _id; any other error is real.
      const writeErrors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
      if (!Array.isArray(writeErrors) || writeErrors.some((w) => (w.code ?? w.err?.code) !== 11000)) throw err;
    }
  }

  /** reported() for many persons at once: one updateMany per version among them (a batch create's are all 1). */
  async reportedMany(accountId: string, reported: { personId: string; version: number }[]): Promise<void> {
    const byVersion = new Map<number, string[]>();
    for (const r of reported) byVersion.set(r.version, [...(byVersion.get(r.version) ?? []), idOf(accountId, r.personId)]);
    await Promise.all([...byVersion].map(([version, ids]) => this.model.updateMany({ _id: { $in: ids }, lastVersion: version }, { $set: { pendingResult: null } }).exec()));
  }

  /** Records a handled version; never moves backwards (a redelivered older change changes nothing). */
  async record(accountId: string, personId: string, version: number, write: Partial<Omit<KnownWrite, 'lastVersion'>>): Promise<void> {
    try {
      await this.model.updateOne(
        { _id: idOf(accountId, personId), lastVersion: { $lt: version } },
        { $set: { lastVersion: version, ...stored(write) }, $setOnInsert: { accountId, personId } },
        { upsert: true },
      );
    } catch (err) {
      // The upsert lost to a newer version stored meanwhile (same _id, filter did not match).
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }

  /** The result of `version` was published. */
  async reported(accountId: string, personId: string, version: number): Promise<void> {
    await this.model.updateOne({ _id: idOf(accountId, personId), lastVersion: version }, { $set: { pendingResult: null } });
  }
}
