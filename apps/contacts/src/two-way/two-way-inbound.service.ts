import { Injectable } from '@nestjs/common';
import type { Types } from 'mongoose';
import type { EventEnvelope } from '@contact-sync/events';
import { SyncHistoryRepository } from '../history/sync-history.repository';
import { LinkRepository } from '../links/link.repository';
import type { PersonLinkDocument } from '../links/person-link.schema';
import { OutboundPublisher } from '../persons/outbound/outbound.publisher';
import { PersonRepository } from '../persons/person.repository';
import type { Person } from '../persons/person.schema';
import { asPersonHolds, planInbound, type InboundPlan, type PersonSide } from './person-merge';
import { personToContact, sideState } from '@contact-sync/contact-model';

type Upserted = EventEnvelope<'provider-contact.upserted'>;
type Deleted = EventEnvelope<'provider-contact.deleted'>;

/** The CRM side of a linked pair, as the merge sees it. */
export function personSide(p: Person): PersonSide {
  const outbound = p.outbound;
  const reported = p.writeback?.personVersion ?? 0;
  return {
    contact: personToContact(p),
    changedAt: outbound?.changedAt ?? null,
    deleted: p.deletedAt !== null,
    inFlight: Boolean(outbound && (outbound.pendingAt !== null || outbound.version > reported)),
    notSyncedFields: new Set((p.writeback?.notSynced ?? []).map((n) => n.field)),
  };
}

/**
 * The CRM side of inbound changes for two-way syncs: provider changes of linked persons are merged
 * with the persons' CRM edits (person-merge.ts), a provider delete of a person edited in the CRM
 * does not delete it (the edit wins: the contact is recreated), and what the merge kept for the
 * CRM goes back out through the persons' outbox.
 */
@Injectable()
export class TwoWayInboundService {
  constructor(
    private readonly persons: PersonRepository,
    private readonly history: SyncHistoryRepository,
    private readonly outbound: OutboundPublisher,
    private readonly links: LinkRepository,
  ) {}

  /** One plan per change of a linked contact (changes without a link are new persons: no plan). */
  async plan(accountId: string, changes: Upserted[], links: Map<string, PersonLinkDocument>, personId: (e: Upserted) => Types.ObjectId): Promise<Map<Upserted, InboundPlan>> {
    const linked = changes.filter((e) => links.get(e.payload.externalId)?.base);
    const persons = await this.persons.findMany(linked.map((e) => personId(e).toHexString()));
    const plans = new Map<Upserted, InboundPlan>();
    for (const e of linked) {
      const person = persons.get(personId(e).toHexString());
      const link = links.get(e.payload.externalId);
      // A link that ended (the contact left the sync, or was deleted) compares with nothing: apply.
      // One that ended with a CRM delete (write-back deleted the contact) still compares with its
      // base: a listing from before that delete is no provider edit, and must not bring the person back.
      if (!person || !link || (link.deletedAt && !link.crmDeletedAt)) continue;
      plans.set(e, planInbound(link.base, personSide(person), { contact: e.payload.contact, changedAt: e.payload.providerUpdatedAt }));
    }
    return plans;
  }

  /** After the persons were written: conflicts into their history, CRM values the provider lacks back out. */
  async afterApply(accountId: string, companyId: string, written: Upserted[], plans: Map<Upserted, InboundPlan>, personId: (e: Upserted) => Types.ObjectId): Promise<void> {
    const applied = written.flatMap((e) => {
      const plan = plans.get(e);
      return plan?.kind === 'apply' ? [{ e, plan, id: personId(e).toHexString() }] : [];
    });
    await this.history.record(applied.map(({ e, plan, id }) => ({ companyId, personId: id, accountId, during: 'inbound' as const, eventId: e.id, decisions: plan.conflicts })));
    const back = applied.filter(({ plan }) => plan.pushBack).map(({ id }) => id);
    await this.persons.markOutbound(back, accountId);
    for (const id of back) this.outbound.flushSoon(id);
  }

  /**
   * Provider deletes of persons the CRM changed since the base: the edit wins, so the person is
   * kept and goes back out (writeback recreates the contact in the synced group).
   */
  async editedSinceDelete(accountId: string, deletes: Deleted[], links: Map<string, PersonLinkDocument>): Promise<Set<Deleted>> {
    const linked = deletes.filter((e) => links.get(e.payload.externalId)?.base);
    const personIds = linked.map((e) => links.get(e.payload.externalId)?.personId as string);
    const [persons, liveLinks] = await Promise.all([this.persons.findMany(personIds), this.links.liveByPersons(accountId, personIds)]);
    const kept = new Set<Deleted>();
    const pushBack: string[] = [];
    for (const e of linked) {
      const link = links.get(e.payload.externalId);
      const person = link ? persons.get(link.personId) : undefined;
      if (!link?.base || !person || person.deletedAt) continue;
      // Already linked to another contact (write-back recreated it): this deletion is of the old one.
      if ((liveLinks.get(link.personId) ?? []).some((other) => other !== e.payload.externalId)) {
        kept.add(e);
        continue;
      }
      const side = personSide(person);
      if (side.inFlight || sideState(asPersonHolds(link.base), side.contact) === 'changed') {
        kept.add(e);
        pushBack.push(link.personId);
      }
    }
    const ids = pushBack;
    await this.persons.markOutbound(ids, accountId);
    for (const id of ids) this.outbound.flushSoon(id);
    return kept;
  }
}
