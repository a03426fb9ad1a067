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

  async apply(event: Result): Promise<void> {
    const r = event.payload;
    const person = (await this.persons.findMany([r.personId])).get(r.personId);
    if (!person) return this.logger.warn(`write-back result for unknown person ${r.personId}: ignored`);
    if ((person.writeback?.personVersion ?? 0) > r.personVersion) return;
    const status: PersonWritebackStatus = {
      accountId: event.accountId,
      personVersion: r.personVersion,
      error: r.error ? { ...r.error, at: new Date(event.occurredAt) } : null,
      notSynced: r.notSynced,
    };
    await this.history.record([{ companyId: person.companyId, personId: r.personId, accountId: event.accountId, during: 'writeback', eventId: event.id, decisions: r.merged }]);
    if (r.outcome === 'failed') return this.persons.recordWriteback(r.personId, status);
    if (r.outcome === 'deleted') {
      await this.links.endForPerson(event.accountId, r.personId);
      return this.persons.recordWriteback(r.personId, status);
    }
    if (!r.externalId || !r.etag || !r.contact) return this.persons.recordWriteback(r.personId, status);
    await this.recordLink(event, person, r.externalId, r.etag, r.contact);
    if (r.outcome === 'created') {
      await this.links.endOthers(event.accountId, r.personId, r.externalId);
      await this.persons.adoptIntoSync(r.personId, event.accountId);
    }
    const update = await this.personUpdate(person, r.contact, r.personVersion, status.notSynced);
    await this.persons.recordWriteback(r.personId, status, update?.fields, update?.restore);
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
    // Our create came back through a sync before this result and made a person of its own: that
    // duplicate (never edited in the CRM, the same contact) is retired so the contact has one person.
    if (displacedPersonId) {
      const retired = await this.persons.retireEcho(displacedPersonId, event.accountId);
      this.logger.log(`contact ${externalId}: linked to CRM person ${r.personId}; the person its sync echo made (${displacedPersonId}) ${retired ? 'was retired' : 'was kept (edited in the CRM)'}`);
    }
  }

  /** The person's fields after the write (and a restore when its delete lost to a provider edit). */
  private async personUpdate(person: Person, written: CanonicalContact, version: number, notSyncedValues: PersonWritebackStatus['notSynced']): Promise<{ fields: PersonFieldsUpdate; restore: boolean } | null> {
    // A newer CRM change is on its way: the person keeps it, writeback merges it next.
    if ((person.outbound?.version ?? 0) > version) return null;
    const restore = person.deletedAt !== null;
    const next = restore ? written : afterWrite(personToContact(person), written, new Set(notSyncedValues.map((n) => n.field)));
    if (!next) return null;
    const org = next.organization?.name;
    const organizationId = org ? ((await this.organizations.resolveMany(person.companyId, [org])).get(org) ?? null) : null;
    return { fields: { ...toPersonFields(next), organizationId }, restore };
  }
}
