import { Injectable, Logger } from '@nestjs/common';
import { applyProviderFieldRules, personToContact } from '@contact-sync/contact-model';
import { createEvent, type EventPayload } from '@contact-sync/events';
import { EventPublisher } from '@contact-sync/platform';
import { LinkRepository } from '../../links/link.repository';
import { SyncConfigRepository } from '../../syncs/sync-config.repository';
import { PersonRepository } from '../person.repository';
import type { PersonDocument } from '../person.schema';

/**
 * Publishes a person's pending CRM change as `crm-person.changed` (the outbox's second half), then
 * clears the mark if no newer change came meanwhile. A crash between the two only republishes the
 * same version: writeback skips a version it already handled.
 */
@Injectable()
export class OutboundPublisher {
  private readonly logger = new Logger(OutboundPublisher.name);

  constructor(
    private readonly persons: PersonRepository,
    private readonly links: LinkRepository,
    private readonly configs: SyncConfigRepository,
    private readonly events: EventPublisher,
  ) {}

  /**
   * After a request: publish now, without making the user wait for (or fail on) the broker. `written`
   * is the person as the request's own write returned it (saves reading it again); a newer change
   * made meanwhile is published by its own request (writeback skips a version older than one it wrote).
   */
  flushSoon(personId: string, written?: PersonDocument): void {
    void this.flush(personId, written).catch((err) => this.logger.warn(`person ${personId}: outbound publish failed, the sweeper retries: ${err instanceof Error ? err.message : String(err)}`));
  }

  /** true when nothing is pending for the person any more. */
  async flush(personId: string, written?: PersonDocument): Promise<boolean> {
    const person = written ?? (await this.persons.findById(personId));
    const outbound = person?.outbound;
    if (!person || !outbound?.pendingAt) return true;
    const payload = await this.payloadOf(person, outbound.accountId, outbound.version);
    if (payload) await this.events.publish(createEvent('crm-person.changed', { companyId: person.companyId, accountId: outbound.accountId }, payload));
    else this.logger.log(`person ${personId}: nothing to carry to account ${outbound.accountId} (not two-way any more, or a delete of a contact never written)`);
    return this.persons.outboundPublished(personId, outbound.version);
  }

  /** Persons whose change the request path could not publish (broker down, crash). */
  due(olderThan: Date, limit: number): Promise<string[]> {
    return this.persons.outboundDue(olderThan, limit);
  }

  private async payloadOf(person: PersonDocument, accountId: string, version: number): Promise<EventPayload<'crm-person.changed'> | null> {
    // Both reads at once: the link is not needed when the sync is not two-way, which is rare here.
    const [sync, link] = await Promise.all([this.configs.twoWaySync(accountId), this.links.findByPerson(accountId, person.id as string)]);
    if (!sync || sync.ownerUserId !== person.ownerUserId) return null;
    const live = link && !link.deletedAt ? link : null;
    // A delete goes out when the person is linked, or an earlier change of it was carried (writeback
    // then knows the contact it created); a person that never went out has nothing to delete.
    if (person.deletedAt && !live && version <= 1) return null;
    return {
      personId: person.id as string,
      provider: sync.provider,
      ownerUserId: person.ownerUserId,
      externalId: live?.externalId ?? null,
      personVersion: version,
      change: person.deletedAt ? 'delete' : 'upsert',
      contact: person.deletedAt ? null : applyProviderFieldRules(personToContact(person), sync.provider),
      base: live?.base ? applyProviderFieldRules(live.base, sync.provider) : null,
      baseEtag: live?.etag ?? null,
      groupId: sync.groupId,
      updatedAt: (person.outbound?.changedAt ?? person.updatedAt ?? new Date()).toISOString(),
    };
  }
}
