import { Injectable } from '@nestjs/common';
import type { EventEnvelope, EventsOnTopic } from '@contact-sync/events';
import { CustomFieldService } from '../custom-fields/custom-field.service';
import { LinkRepository, type AppliedBase } from '../links/link.repository';
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
 * Applies provider changes to persons in bulk and idempotently.
 *
 * Each change event carries the contact's whole state, so within a chunk the last event per contact
 * wins. A contact's person id derives from (account, external id), and links are unique on the same
 * pair, so new contacts are simply inserted — no read first, which keeps a first sync of thousands of
 * contacts at two bulk inserts per chunk. Only contacts that already exist (the inserts collide) are
 * read, in one query: an equal base hash means a duplicate or echo (nothing happens), otherwise the
 * person is updated or restored. Each account's contact gets its own person (no merging across users).
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
    for (const [accountId, group] of byAccount) {
      const upserts = group.filter((e): e is Upserted => e.type === 'provider-contact.upserted');
      const deletes = group.filter((e) => e.type === 'provider-contact.deleted');
      if (upserts.length > 0) await this.upsert(accountId, upserts);
      if (deletes.length > 0) await this.delete(accountId, deletes);
    }
  }

  private async upsert(accountId: string, events: Upserted[]): Promise<void> {
    const companyId = events[0]?.companyId;
    if (!companyId) return;
    // The custom fields must exist before persons carry values for them (idempotent, cached).
    await this.customFields.ensureForCompany(companyId);
    const orgIds = await this.organizations.resolveMany(
      companyId,
      events.flatMap((e) => (e.payload.contact.organization ? [e.payload.contact.organization.name] : [])),
    );
    const fieldsOf = (e: Upserted) => ({
      ...toPersonFields(e.payload.contact),
      organizationId: e.payload.contact.organization ? (orgIds.get(e.payload.contact.organization.name) ?? null) : null,
    });
    const personId = (e: Upserted) => personIdFor(accountId, e.payload.externalId);

    // Person before link: a crash in between leaves a person without a link, which the next
    // delivery repairs; never a link whose base claims a change the person does not have.
    const personExisted = new Set(
      await this.persons.insertMany(
        events.map((e) => ({
          _id: personId(e),
          companyId,
          ownerUserId: e.payload.ownerUserId,
          visibility: e.payload.visibility,
          ...fieldsOf(e),
          photoUrl: e.payload.contact.photoUrl ?? null,
          photoSource: e.payload.contact.photoUrl ? ('provider' as const) : null,
          deletedAt: null,
        })),
      ),
    );
    const linkExisted = new Set(
      await this.links.insertMany(
        events.map((e) => ({
          companyId,
          accountId,
          provider: e.payload.provider,
          externalId: e.payload.externalId,
          personId: personId(e).toHexString(),
          ...applied(e),
          deletedAt: null,
        })),
      ),
    );

    const existing = events.filter((_, i) => personExisted.has(i) || linkExisted.has(i));
    if (existing.length === 0) return;
    const links = linkExisted.size > 0 ? await this.links.findMany(accountId, existing.map((e) => e.payload.externalId)) : new Map();
    const changed: Upserted[] = [];
    events.forEach((e, i) => {
      if (!personExisted.has(i) && !linkExisted.has(i)) return;
      const link = linkExisted.has(i) ? links.get(e.payload.externalId) : undefined;
      if (link && !link.deletedAt && link.baseHash === e.payload.contactHash) return; // duplicate or echo
      changed.push(e);
    });
    await this.persons.applySyncedMany(
      changed.map((e) => ({
        personId: personId(e).toHexString(),
        owner: { companyId, ownerUserId: e.payload.ownerUserId, visibility: e.payload.visibility },
        fields: fieldsOf(e),
        photoUrl: e.payload.contact.photoUrl ?? null,
      })),
    );
    await this.links.recordApplied(changed.map((e) => ({ accountId, externalId: e.payload.externalId, applied: applied(e) })));
  }

  private async delete(accountId: string, events: EventEnvelope<'provider-contact.deleted'>[]): Promise<void> {
    const externalIds = events.map((e) => e.payload.externalId);
    // Soft delete: restorable, and a contact that comes back restores the same person.
    await this.persons.softDeleteMany(externalIds.map((x) => personIdFor(accountId, x).toHexString()));
    await this.links.markDeleted(accountId, externalIds, events.at(-1)?.id ?? '');
  }
}
