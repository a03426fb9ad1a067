import { Injectable } from '@nestjs/common';
import type { EventEnvelope, EventsOnTopic } from '@contact-sync/events';
import { CustomFieldService } from '../custom-fields/custom-field.service';
import { LinkRepository, type AppliedBase } from '../links/link.repository';
import type { PersonLinkDocument } from '../links/person-link.schema';
import { OrganizationRepository } from '../organizations/organization.repository';
import { PersonRepository } from '../persons/person.repository';
import { personIdFor } from '../persons/person-id';
import { toPersonFields } from './person-fields';

type ChangeEvent = EventsOnTopic<'providerContactChanges'>;
type Upserted = EventEnvelope<'provider-contact.upserted'>;

const applied = (e: Upserted): AppliedBase => ({
  base: e.payload.contact,
  baseHash: e.payload.contactHash,
  etag: e.payload.etag,
  providerUpdatedAt: e.payload.providerUpdatedAt,
  lastEventId: e.id,
});

/**
 * Applies provider changes to persons in bulk and idempotently. Each change event carries the
 * contact's whole state, so within a chunk the last event per contact is the one to apply. A
 * redelivered or duplicate event finds the link's base hash equal and changes nothing; a redelivered
 * create collides on the derived person id and link key instead of making a second person. Each
 * account's contact gets its own person (no merging across users).
 */
@Injectable()
export class InboundChangeService {
  constructor(
    private readonly links: LinkRepository,
    private readonly persons: PersonRepository,
    private readonly organizations: OrganizationRepository,
    private readonly customFields: CustomFieldService,
  ) {}

  async apply(events: ChangeEvent[]): Promise<void> {
    const latest = new Map<string, ChangeEvent>();
    for (const e of events) latest.set(`${e.accountId}\n${e.payload.externalId}`, e);
    const byAccount = new Map<string, ChangeEvent[]>();
    for (const e of latest.values()) byAccount.set(e.accountId, [...(byAccount.get(e.accountId) ?? []), e]);
    for (const [accountId, group] of byAccount) await this.applyForAccount(accountId, group);
  }

  private async applyForAccount(accountId: string, events: ChangeEvent[]): Promise<void> {
    const companyId = events[0]!.companyId;
    const links = await this.links.findMany(accountId, events.map((e) => e.payload.externalId));
    const creates: Upserted[] = [];
    const updates: { event: Upserted; link: PersonLinkDocument }[] = [];
    const deletes: PersonLinkDocument[] = [];
    let lastDeleteEventId = '';
    for (const event of events) {
      const link = links.get(event.payload.externalId);
      if (event.type === 'provider-contact.deleted') {
        if (link && !link.deletedAt) {
          deletes.push(link);
          lastDeleteEventId = event.id;
        }
      } else if (!link) creates.push(event);
      else if (link.deletedAt || link.baseHash !== event.payload.contactHash) updates.push({ event, link });
      // else: duplicate or echo — nothing to do.
    }

    const upserts = [...creates, ...updates.map((u) => u.event)];
    if (upserts.length > 0) {
      // The custom fields must exist before persons carry values for them (idempotent, cached).
      await this.customFields.ensureForCompany(companyId);
      const orgNames = upserts.flatMap((e) => (e.payload.contact.organization ? [e.payload.contact.organization.name] : []));
      const orgIds = await this.organizations.resolveMany(companyId, orgNames);
      const fieldsOf = (e: Upserted) => ({
        ...toPersonFields(e.payload.contact),
        organizationId: e.payload.contact.organization ? (orgIds.get(e.payload.contact.organization.name) ?? null) : null,
      });

      const existed = await this.persons.insertMany(
        creates.map((e) => ({
          _id: personIdFor(accountId, e.payload.externalId),
          companyId,
          ownerUserId: e.payload.ownerUserId,
          visibility: e.payload.visibility,
          ...fieldsOf(e),
          photoUrl: e.payload.contact.photoUrl ?? null,
          photoSource: e.payload.contact.photoUrl ? ('provider' as const) : null,
          deletedAt: null,
        })),
      );
      // Persons written before a crash, or created by a concurrent consumer: update them instead.
      const toUpdate = [
        ...existed.map((i) => ({ event: creates[i]!, personId: personIdFor(accountId, creates[i]!.payload.externalId).toHexString() })),
        ...updates.map((u) => ({ event: u.event, personId: u.link.personId })),
      ];
      for (const { event, personId } of toUpdate) {
        await this.persons.applySynced(personId, { companyId, ownerUserId: event.payload.ownerUserId, visibility: event.payload.visibility }, fieldsOf(event));
        if (event.payload.contact.photoUrl) await this.persons.setPhotoIfMissing(personId, event.payload.contact.photoUrl);
      }

      const linkExisted = await this.links.insertMany(
        creates.map((e) => ({
          companyId,
          accountId,
          provider: e.payload.provider,
          externalId: e.payload.externalId,
          personId: personIdFor(accountId, e.payload.externalId).toHexString(),
          ...applied(e),
          deletedAt: null,
        })),
      );
      await this.links.recordApplied([
        ...linkExisted.map((i) => ({ accountId, externalId: creates[i]!.payload.externalId, applied: applied(creates[i]!) })),
        ...updates.map((u) => ({ accountId, externalId: u.event.payload.externalId, applied: applied(u.event) })),
      ]);
    }

    if (deletes.length > 0) {
      await this.persons.softDeleteMany(deletes.map((l) => l.personId));
      await this.links.markDeleted(deletes.map((l) => l._id), lastDeleteEventId);
    }
  }
}
