import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import type { CanonicalContact } from '@contact-sync/contact-model';
import { insertManyIdempotent } from '@contact-sync/platform';
import { PersonLink, type PersonLinkDocument } from './person-link.schema';

/** What a link records about the change last applied to its person. */
export interface AppliedBase {
  base: CanonicalContact;
  baseHash: string;
  etag: string;
  providerUpdatedAt: string | null;
  lastEventId: string;
  sequence: number;
  photoNotSynced: string | null;
}

export type NewLink = Omit<PersonLink, 'deletedAt'> & { deletedAt: null };

@Injectable()
export class LinkRepository {
  constructor(@InjectModel(PersonLink.name) private readonly model: Model<PersonLink>) {}

  /** The account's links for these external ids, in one query. */
  async findMany(accountId: string, externalIds: string[]): Promise<Map<string, PersonLinkDocument>> {
    const links = await this.model.find({ accountId, externalId: { $in: externalIds } }).exec();
    return new Map(links.map((l) => [l.externalId, l]));
  }

  /** Inserts links; returns the indexes of those that already existed. */
  insertMany(links: NewLink[]): Promise<number[]> {
    return insertManyIdempotent(this.model, links);
  }

  /**
   * Records what was applied; written after the person so a crash in between re-applies, never skips.
   * `reopen` (an applied change): the person exists again, so the link is live and no longer counts
   * as deleted in the CRM. `record`: the change is recorded for ordering and as the base, and the
   * link keeps its state (an echo, the first listing of a contact write-back created, or a change
   * the CRM side kept: a person deleted in the CRM stays counted as such until a pass lists the
   * contact's deletion).
   */
  async recordApplied(updates: { accountId: string; externalId: string; applied: AppliedBase }[], mode: 'reopen' | 'record' = 'reopen'): Promise<void> {
    if (updates.length === 0) return;
    const ops: AnyBulkWriteOperation<PersonLink>[] = updates.map((u) => ({
      updateOne: {
        // Never behind what another delivery already recorded (two consumers during a rebalance).
        filter: { accountId: u.accountId, externalId: u.externalId, sequence: { $lte: u.applied.sequence } },
        update: mode === 'record' ? { $set: u.applied } : { $set: { ...u.applied, deletedAt: null }, $unset: { crmDeletedAt: 1 } },
      },
    }));
    await this.model.bulkWrite(ops);
  }

  /**
   * A pass listed these contacts, but an older state than the link holds (write-back wrote again
   * before the listing was applied): only the listing is recorded (the sequence of a link that had
   * none), the base stays the later write.
   */
  async recordListed(accountId: string, listed: { externalId: string; sequence: number }[]): Promise<void> {
    if (listed.length === 0) return;
    await this.model.bulkWrite(
      listed.map((l) => ({ updateOne: { filter: { accountId, externalId: l.externalId, sequence: 0 }, update: { $set: { sequence: l.sequence } } } })),
      { ordered: false },
    );
  }

  /** The person's link to the provider contact of this sync (the {personId} index), deleted ones included. */
  findByPerson(accountId: string, personId: string): Promise<PersonLinkDocument | null> {
    // A live link first: a contact recreated at the provider leaves the person's ended link behind.
    return this.model.findOne({ personId, accountId }).sort({ deletedAt: 1 }).exec();
  }

  /**
   * Links the person to the contact write-back created or wrote, with the provider's representation
   * as the new base. A link of that contact to another person (our own write came back through a
   * sync before this result did) is moved to this person; its person id is returned so the caller
   * can retire that duplicate.
   */
  async recordWritten(link: { companyId: string; accountId: string; provider: PersonLink['provider']; externalId: string; personId: string; base: CanonicalContact; baseHash: string; etag: string; providerUpdatedAt: string | null }): Promise<{ displacedPersonId: string | null }> {
    const before = await this.model
      .findOneAndUpdate(
        { accountId: link.accountId, externalId: link.externalId },
        { $set: { ...link, deletedAt: null }, $unset: { crmDeletedAt: 1 }, $setOnInsert: { sequence: 0, lastEventId: null, photoNotSynced: null } },
        { upsert: true, new: false },
      )
      .lean()
      .exec();
    return { displacedPersonId: before && before.personId !== link.personId ? before.personId : null };
  }

  /**
   * recordWritten() for many links of one sync, given what each link's person was when the caller
   * read it (`expectedPersonId`, null: no link). Links nobody held at the read (a push's creates)
   * are inserted in one command: on DocumentDB an upsert that matches nothing still costs an update
   * scan, a select and an insert, and the update's cost grows with the collection (docs/decisions.md).
   * The rest, and any inserted meanwhile by a sync, go in one unordered bulk write that applies each
   * only while the link still points where the read saw it (else its upsert collides with the
   * unique index): those are returned as `moved`, for the caller to redo with recordWritten, which
   * reports the person it displaces atomically.
   */
  async recordWrittenMany(links: (Parameters<LinkRepository['recordWritten']>[0] & { expectedPersonId: string | null })[]): Promise<{ moved: number[] }> {
    if (links.length === 0) return { moved: [] };
    const unheld = links.flatMap((l, i) => (l.expectedPersonId === null ? [i] : []));
    const duplicates = await insertManyIdempotent(
      this.model,
      unheld.map((i) => {
        const { expectedPersonId: _, ...link } = links[i] as (typeof links)[number];
        return { ...link, deletedAt: null, sequence: 0, lastEventId: null, photoNotSynced: null };
      }),
      { lean: true }, // built here whole; a push links thousands
    );
    const collided = new Set(duplicates);
    const inserted = new Set(unheld.filter((_, k) => !collided.has(k)));
    const rest = links.flatMap((l, i) => (inserted.has(i) ? [] : [{ l, i }]));
    if (rest.length === 0) return { moved: [] };
    try {
      await this.model.bulkWrite(
        rest.map(({ l: { expectedPersonId, ...link } }) => ({
          updateOne: {
            filter: { accountId: link.accountId, externalId: link.externalId, personId: expectedPersonId ?? link.personId },
            update: { $set: { ...link, deletedAt: null }, $unset: { crmDeletedAt: 1 }, $setOnInsert: { sequence: 0, lastEventId: null, photoNotSynced: null } },
            upsert: true,
          },
        })),
        { ordered: false },
      );
      return { moved: [] };
    } catch (err) {
      const writeErrors = (err as { writeErrors?: { index: number; code?: number; err?: { code?: number; index?: number } }[] }).writeErrors;
      if (!Array.isArray(writeErrors) || writeErrors.some((w) => (w.code ?? w.err?.code) !== 11000)) throw err;
      return { moved: writeErrors.map((w) => (rest[w.index ?? (w.err?.index as number)] as (typeof rest)[number]).i) };
    }
  }

  /**
   * Each person's other live links to this account end: write-back recreated the contact under a new
   * id. Read first by the {personId} index, then only the links to end are written: one
   * `updateMany` per person that matches nothing costs a scan on DocumentDB, and a push's creates
   * have no other link.
   */
  async endOthersMany(accountId: string, kept: { personId: string; externalId: string }[]): Promise<void> {
    if (kept.length === 0) return;
    const keptBy = new Map(kept.map((k) => [k.personId, k.externalId]));
    const live = await this.model.find({ personId: { $in: [...keptBy.keys()] }, accountId, deletedAt: null }, { _id: 1, personId: 1, externalId: 1 }).lean().exec();
    const others = live.filter((l) => l.externalId !== keptBy.get(l.personId)).map((l) => l._id);
    if (others.length === 0) return;
    await this.model.updateMany({ _id: { $in: others }, deletedAt: null }, { $set: { deletedAt: new Date() } });
  }

  /** A write-back delete: the persons' live links to this account end (soft), still counted until a pass lists the deletion. */
  async endForPersons(accountId: string, personIds: string[]): Promise<void> {
    if (personIds.length === 0) return;
    const now = new Date();
    await this.model.updateMany({ accountId, personId: { $in: personIds }, deletedAt: null, endedReason: { $exists: false } }, { $set: { deletedAt: now, crmDeletedAt: now } });
  }

  /**
   * Every live link of the person ends for good (its owner changed): the sync leaves that contact
   * alone from now on (inbound skips links with an `endedReason`).
   */
  async endAll(personId: string, reason: 'ownership_moved'): Promise<void> {
    await this.model.updateMany({ personId, deletedAt: null }, { $set: { deletedAt: new Date(), endedReason: reason } });
  }

  /**
   * Whether the provider still holds the contacts of links that ended for good: they are in the
   * sync's scope at the provider without a person in it, which the dashboard explains.
   */
  async markDetachedPresence(accountId: string, externalIds: string[], present: boolean): Promise<void> {
    if (externalIds.length === 0) return;
    await this.model.updateMany(
      { accountId, externalId: { $in: externalIds }, endedReason: { $exists: true } },
      present ? { $unset: { providerGoneAt: 1 } } : { $set: { providerGoneAt: new Date() } },
    );
  }

  /** Contacts still at the provider whose person left the sync (its owner changed): counted apart on the dashboard. */
  countDetached(accountId: string): Promise<number> {
    return this.model.countDocuments({ accountId, endedReason: { $exists: true }, providerGoneAt: { $exists: false } }).exec();
  }

  /** Live links of these persons to the account, by person id (a person linked to another contact is not deleted with this one). */
  async liveByPersons(accountId: string, personIds: string[]): Promise<Map<string, string[]>> {
    const byPerson = new Map<string, string[]>();
    if (personIds.length === 0) return byPerson;
    const docs = await this.model.find({ accountId, personId: { $in: personIds }, deletedAt: null }, { personId: 1, externalId: 1 }).lean().exec();
    for (const d of docs) byPerson.set(d.personId, [...(byPerson.get(d.personId) ?? []), d.externalId]);
    return byPerson;
  }

  /**
   * Contacts write-back created that no sync pass has listed yet (their link has no ingest
   * sequence): at the provider, and in the CRM, but not yet in the provider total of the last run.
   */
  countAwaitingEcho(accountId: string): Promise<number> {
    return this.model.countDocuments({ accountId, deletedAt: null, sequence: 0, endedReason: { $exists: false }, crmDeletedAt: { $exists: false } }).exec();
  }

  /**
   * Persons deleted in the CRM whose contacts the last pass still listed (their link has an ingest
   * sequence and no pass has seen the deletion): in the provider total, no longer in the CRM's.
   * One-way syncs keep these until the contact goes at the provider; two-way until write-back's
   * delete is listed.
   */
  countDeletedInCrm(accountId: string): Promise<number> {
    return this.model.countDocuments({ accountId, crmDeletedAt: { $exists: true }, sequence: { $gt: 0 }, endedReason: { $exists: false } }).exec();
  }

  /** The person was deleted in the CRM: its link to the sync it came from says so until a pass sees the contact go. */
  async markCrmDeleted(accountId: string, personId: string): Promise<void> {
    await this.model.updateMany({ accountId, personId, deletedAt: null, endedReason: { $exists: false } }, { $set: { crmDeletedAt: new Date() } });
  }

  /**
   * Live links of the sync whose provider photo is not in the CRM, with why (dashboard). Served by
   * the {accountId, externalId} index's prefix: one sync's links, read on a dashboard request.
   */
  async photosNotSynced(accountId: string, sampleLimit: number): Promise<{ count: number; samples: { externalId: string; personId: string; reason: string }[] }> {
    const filter = { accountId, deletedAt: null, photoNotSynced: { $type: 'string' as const } };
    const [count, docs] = await Promise.all([
      this.model.countDocuments(filter),
      this.model.find(filter, { externalId: 1, personId: 1, photoNotSynced: 1 }).sort({ externalId: 1 }).limit(sampleLimit).lean(),
    ]);
    return { count, samples: docs.map((d) => ({ externalId: d.externalId, personId: d.personId, reason: d.photoNotSynced as string })) };
  }

  /** Ends links (soft); each keeps the deletion's sequence so an older upsert replayed later cannot revive it. */
  async markDeleted(accountId: string, deletions: { externalId: string; eventId: string; sequence: number }[]): Promise<void> {
    if (deletions.length === 0) return;
    const now = new Date();
    await this.model.bulkWrite(
      deletions.map((d) => ({
        updateOne: { filter: { accountId, externalId: d.externalId }, update: { $set: { deletedAt: now, lastEventId: d.eventId, sequence: d.sequence }, $unset: { crmDeletedAt: 1 } } },
      })),
      { ordered: false },
    );
  }
}
