import { Injectable, Logger } from '@nestjs/common';
import { type CanonicalContact, contactHash, personToContact, toPersonFields } from '@contact-sync/contact-model';
import type { EventEnvelope } from '@contact-sync/events';
import { SyncHistoryRepository } from '../history/sync-history.repository';
import { LinkRepository } from '../links/link.repository';
import { OrganizationRepository } from '../organizations/organization.repository';
import { PersonRepository } from '../persons/person.repository';
import type { Person, PersonWritebackStatus } from '../persons/person.schema';
import { afterWrite } from './person-merge';

type Result = EventEnvelope<'writeback.completed'>;
type PersonFieldsUpdate = ReturnType<typeof toPersonFields> & { organizationId: string | null };

const laterThan = (a: string | null, b: string | null) => a !== null && b !== null && Date.parse(a) > Date.parse(b);

/**
 * What writeback did with a CRM change, applied in the CRM: the provider's representation becomes
 * the link's base (so the echo of our write is recognised), the person takes what the provider
 * stores differently (normalised, or merged with the provider's own edit) except what it cannot
 * hold, a delete that lost to a provider edit restores the person, merges go to the sync history,
 * and failures are shown on the person. Results of an older version than one already recorded
 * change nothing (redelivery).
 */
@Injectable()
export class WritebackResultService {
  private readonly logger = new Logger(WritebackResultService.name);

  constructor(
    private readonly persons: PersonRepository,
    private readonly links: LinkRepository,
    private readonly organizations: OrganizationRepository,
    private readonly history: SyncHistoryRepository,
  ) {}

  /**
   * A consumed chunk of results with a few bulk writes per round instead of about six round trips
   * per result. A round holds at most one result per person (a person's later results go to the
   * next round, in order), so each result sees what the one before it recorded. Within a round the
   * order of writes is the one of apply(): history, links, the person last (a crash in between
   * re-applies the same version).
   */
  async applyMany(events: Result[]): Promise<void> {
    const rounds: Result[][] = [];
    const seen = new Map<string, number>();
    for (const e of events) {
      const k = seen.get(e.payload.personId) ?? 0;
      seen.set(e.payload.personId, k + 1);
      (rounds[k] ??= []).push(e);
    }
    for (const round of rounds) await this.applyRound(round);
  }

  private async applyRound(events: Result[]): Promise<void> {
    const found = await this.persons.findMany(events.map((e) => e.payload.personId));
    const due: { event: Result; person: Person; status: PersonWritebackStatus }[] = [];
    for (const event of events) {
      const r = event.payload;
      const person = found.get(r.personId);
      if (!person) {
        this.logger.warn(`write-back result for unknown person ${r.personId}: ignored`);
        continue;
      }
      if ((person.writeback?.personVersion ?? 0) > r.personVersion) continue;
      due.push({ event, person, status: this.statusOf(event) });
    }
    if (due.length === 0) return;
    await this.history.record(due.map(({ event, person }) => ({ companyId: person.companyId, personId: event.payload.personId, accountId: event.accountId, during: 'writeback', eventId: event.id, decisions: event.payload.merged })));

    const byAccount = new Map<string, typeof due>();
    for (const d of due) byAccount.set(d.event.accountId, [...(byAccount.get(d.event.accountId) ?? []), d]);
    const written: typeof due = [];
    // A person created in the CRM joins the sync that created its contact (in the person's own update).
    const adopting = new Set<(typeof due)[number]>();
    for (const [accountId, items] of byAccount) {
      await this.links.endForPersons(accountId, items.filter((d) => d.event.payload.outcome === 'deleted').map((d) => d.event.payload.personId));
      const writes = items.filter(({ event: { payload: r } }) => r.outcome !== 'failed' && r.outcome !== 'deleted' && r.externalId && r.etag && r.contact);
      await this.recordLinks(accountId, writes);
      const created = writes.filter((d) => d.event.payload.outcome === 'created');
      await this.links.endOthersMany(accountId, created.map((d) => ({ personId: d.event.payload.personId, externalId: d.event.payload.externalId as string })));
      for (const d of created) if (d.person.sourceAccountId === null) adopting.add(d);
      written.push(...writes);
    }

    const updates = await this.personUpdates(written.map(({ event, person, status }) => ({ person, written: event.payload.contact as CanonicalContact, version: event.payload.personVersion, notSynced: status.notSynced })));
    await this.persons.recordWritebackMany(due.map((d) => ({ personId: d.event.payload.personId, status: d.status, ...(updates.get(d.event.payload.personId) ?? {}), ...(adopting.has(d) ? { adoptInto: d.event.accountId } : {}) })));
  }

  /** The links of one sync's written results (recordLink() for many): one read, one bulk write, the rare moved link one by one. */
  private async recordLinks(accountId: string, writes: { event: Result; person: Person }[]): Promise<void> {
    if (writes.length === 0) return;
    const current = await this.links.findMany(accountId, writes.map((w) => w.event.payload.externalId as string));
    const todo: { event: Result; person: Person; expectedPersonId: string | null }[] = [];
    for (const { event, person } of writes) {
      const r = event.payload;
      const link = current.get(r.externalId as string);
      // A sync already brought a later state of the contact: that stays the base.
      if (link && link.personId === r.personId && laterThan(link.providerUpdatedAt, r.providerUpdatedAt)) continue;
      todo.push({ event, person, expectedPersonId: link?.personId ?? null });
    }
    const { moved } = await this.links.recordWrittenMany(todo.map(({ event, person, expectedPersonId }) => ({ ...this.linkOf(event, person), expectedPersonId })));
    const movedSet = new Set(moved);
    for (const [i, t] of todo.entries()) {
      const r = t.event.payload;
      // The link changed since the read (a sync brought our create meanwhile): redone one by one.
      if (movedSet.has(i)) await this.recordLink(t.event, t.person, r.externalId as string, r.etag as string, r.contact as CanonicalContact);
      // Moved from the person the read saw, atomically (the filter held): that person is our create's sync echo.
      else if (t.expectedPersonId !== null && t.expectedPersonId !== r.personId) await this.retireDisplaced(t.event, t.expectedPersonId);
    }
  }

  private linkOf(event: Result, person: Person) {
    const r = event.payload;
    const contact = r.contact as CanonicalContact;
    return { companyId: person.companyId, accountId: event.accountId, provider: r.provider, externalId: r.externalId as string, personId: r.personId, base: contact, baseHash: contactHash(contact), etag: r.etag as string, providerUpdatedAt: r.providerUpdatedAt };
  }

  private statusOf(event: Result): PersonWritebackStatus {
    const r = event.payload;
    return { accountId: event.accountId, personVersion: r.personVersion, error: r.error ? { ...r.error, at: new Date(event.occurredAt) } : null, notSynced: r.notSynced };
  }

  /** One result (the same path as a chunk of one). */
  apply(event: Result): Promise<void> {
    return this.applyMany([event]);
  }

  private async recordLink(event: Result, person: Person, externalId: string, etag: string, contact: CanonicalContact): Promise<void> {
    const r = event.payload;
    const current = (await this.links.findMany(event.accountId, [externalId])).get(externalId);
    // A sync already brought a later state of the contact: that stays the base.
    if (current && current.personId === r.personId && laterThan(current.providerUpdatedAt, r.providerUpdatedAt)) return;
    const { displacedPersonId } = await this.links.recordWritten({
      companyId: person.companyId,
      accountId: event.accountId,
      provider: r.provider,
      externalId,
      personId: r.personId,
      base: contact,
      baseHash: contactHash(contact),
      etag,
      providerUpdatedAt: r.providerUpdatedAt,
    });
    if (displacedPersonId) await this.retireDisplaced(event, displacedPersonId);
  }

  /**
   * Our create came back through a sync before this result and made a person of its own: that
   * duplicate (never edited in the CRM, the same contact) is retired so the contact has one person.
   */
  private async retireDisplaced(event: Result, displacedPersonId: string): Promise<void> {
    const retired = await this.persons.retireEcho(displacedPersonId, event.accountId);
    this.logger.log(`contact ${event.payload.externalId}: linked to CRM person ${event.payload.personId}; the person its sync echo made (${displacedPersonId}) ${retired ? 'was retired' : 'was kept (edited in the CRM)'}`);
  }

  /** personUpdate() for many persons: organizations resolved once per company. */
  private async personUpdates(items: { person: Person; written: CanonicalContact; version: number; notSynced: PersonWritebackStatus['notSynced'] }[]): Promise<Map<string, { fields: PersonFieldsUpdate; restore: boolean }>> {
    const planned: { personId: string; companyId: string; next: CanonicalContact; restore: boolean }[] = [];
    for (const { person, written, version, notSynced } of items) {
      const plan = this.plannedUpdate(person, written, version, notSynced);
      if (plan) planned.push({ personId: String(person._id), companyId: person.companyId, ...plan });
    }
    const orgsByCompany = new Map<string, Set<string>>();
    for (const p of planned) {
      const org = p.next.organization?.name;
      if (org) orgsByCompany.set(p.companyId, (orgsByCompany.get(p.companyId) ?? new Set()).add(org));
    }
    const orgIds = new Map<string, Map<string, string>>();
    for (const [companyId, names] of orgsByCompany) orgIds.set(companyId, await this.organizations.resolveMany(companyId, [...names]));
    return new Map(
      planned.map((p) => {
        const org = p.next.organization?.name;
        const organizationId = org ? (orgIds.get(p.companyId)?.get(org) ?? null) : null;
        return [p.personId, { fields: { ...toPersonFields(p.next), organizationId }, restore: p.restore }];
      }),
    );
  }

  /** What the person becomes after the write, before organizations are resolved (null: nothing changes). */
  private plannedUpdate(person: Person, written: CanonicalContact, version: number, notSyncedValues: PersonWritebackStatus['notSynced']): { next: CanonicalContact; restore: boolean } | null {
    // A newer CRM change is on its way: the person keeps it, writeback merges it next.
    if ((person.outbound?.version ?? 0) > version) return null;
    const restore = person.deletedAt !== null;
    const next = restore ? written : afterWrite(personToContact(person), written, new Set(notSyncedValues.map((n) => n.field)));
    return next ? { next, restore } : null;
  }
}
