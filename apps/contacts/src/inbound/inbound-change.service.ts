import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { toPersonFields, visibilityUnderPlan } from '@contact-sync/contact-model';
import type { EventEnvelope, EventsOnTopic, Visibility } from '@contact-sync/events';
import { SyncActivityRepository, type RunActivity } from '../activity/sync-activity.repository';
import { CustomFieldService } from '../custom-fields/custom-field.service';
import { CompanyRepository } from '../directory/company.repository';
import { LinkRepository, type AppliedBase } from '../links/link.repository';
import { OrganizationRepository } from '../organizations/organization.repository';
import { PersonRepository } from '../persons/person.repository';
import { personIdFor } from '../persons/person-id';
import { SyncConfigRepository, type KnownSyncConfig } from '../syncs/sync-config.repository';
import { isNewer } from './change-order';
import type { InboundPlan } from '../two-way/person-merge';
import { TwoWayInboundService } from '../two-way/two-way-inbound.service';

type ChangeEvent = EventsOnTopic<'providerContactChanges'>;
type Upserted = EventEnvelope<'provider-contact.upserted'>;
type Deleted = EventEnvelope<'provider-contact.deleted'>;

const applied = (e: Upserted): AppliedBase => ({
  base: e.payload.contact,
  baseHash: e.payload.contactHash,
  etag: e.payload.etag,
  providerUpdatedAt: e.payload.providerUpdatedAt,
  lastEventId: e.id,
  sequence: e.payload.sequence,
  photoNotSynced: e.payload.photoNotSynced ?? null,
});

const orderOf = (e: ChangeEvent) => ({
  providerUpdatedAt: e.type === 'provider-contact.upserted' ? e.payload.providerUpdatedAt : null,
  sequence: e.payload.sequence,
});

/** Per-run tallies of what one chunk actually changed. */
class Tally {
  private readonly runs = new Map<string, RunActivity>();

  private of(e: ChangeEvent): RunActivity {
    const key = `${e.accountId}\n${e.payload.syncRunId}`;
    let run = this.runs.get(key);
    if (!run) {
      run = { accountId: e.accountId, syncRunId: e.payload.syncRunId, maxSequence: 0, processed: 0, added: 0, updated: 0, deleted: 0 };
      this.runs.set(key, run);
    }
    return run;
  }

  processed(e: ChangeEvent): void {
    const run = this.of(e);
    run.processed++;
    run.maxSequence = Math.max(run.maxSequence, e.payload.sequence);
  }

  count(e: ChangeEvent, what: 'added' | 'updated' | 'deleted', n = 1): void {
    this.of(e)[what] += n;
  }

  all(): RunActivity[] {
    return [...this.runs.values()];
  }
}

/**
 * Applies provider changes to persons in bulk and idempotently.
 *
 * Each change event carries the contact's whole state, so within a chunk the newest event per
 * contact wins, and across chunks a change applies only when it is newer than what the link holds
 * (change-order.ts). A contact's person id derives from (account, external id), and links are
 * unique on the same pair, so new contacts are simply inserted — no read first, which keeps a first
 * sync of thousands of contacts at two bulk inserts per chunk. Only contacts that already exist
 * (the inserts collide) are read: an equal base hash on a live person is a duplicate or echo
 * (nothing happens), otherwise the person is updated or restored. Visibility comes from the newest
 * configuration contacts knows for the sync, never from an older event's.
 */
@Injectable()
export class InboundChangeService {
  constructor(
    private readonly links: LinkRepository,
    private readonly persons: PersonRepository,
    private readonly organizations: OrganizationRepository,
    private readonly customFields: CustomFieldService,
    private readonly syncConfigs: SyncConfigRepository,
    private readonly activity: SyncActivityRepository,
    private readonly companies: CompanyRepository,
    private readonly twoWay: TwoWayInboundService,
  ) {}

  async apply(events: ChangeEvent[]): Promise<void> {
    const tally = new Tally();
    const latest = new Map<string, ChangeEvent>();
    for (const e of events) {
      tally.processed(e);
      const key = `${e.accountId}\n${e.payload.externalId}`;
      const kept = latest.get(key);
      if (!kept || isNewer(orderOf(e), orderOf(kept))) latest.set(key, e);
    }
    const byAccount = new Map<string, ChangeEvent[]>();
    for (const e of latest.values()) byAccount.set(e.accountId, [...(byAccount.get(e.accountId) ?? []), e]);
    const configs = await this.syncConfigs.getMany([...byAccount.keys()]);
    for (const [accountId, group] of byAccount) {
      const upserts = group.filter((e): e is Upserted => e.type === 'provider-contact.upserted');
      const deletes = group.filter((e): e is Deleted => e.type === 'provider-contact.deleted');
      if (upserts.length > 0) await this.upsert(accountId, upserts, configs.get(accountId) ?? null, tally);
      if (deletes.length > 0) await this.delete(accountId, deletes, configs.get(accountId) ?? null, tally);
    }
    await this.activity.record(tally.all());
  }

  private async upsert(accountId: string, all: Upserted[], config: KnownSyncConfig | null, tally: Tally): Promise<void> {
    const companyId = all[0]?.companyId;
    if (!companyId) return;
    // A contact already linked keeps its person (a contact written back from a CRM-created person
    // is linked to that person, not to the id derived from the contact); new ones get the derived id.
    // A link that ended for good (the person changed owner) leaves that contact out of the CRM.
    const known = await this.links.findMany(accountId, all.map((e) => e.payload.externalId));
    const events = all.filter((e) => !known.get(e.payload.externalId)?.endedReason);
    await this.links.markDetachedPresence(accountId, all.filter((e) => known.get(e.payload.externalId)?.endedReason).map((e) => e.payload.externalId), true);
    if (events.length === 0) return;
    // The newest configuration contacts knows wins over an older event's, and the company's current
    // plan narrows it (a downgrade since the configuration never leaves a person wider than allowed).
    const plan = (await this.companies.find(companyId))?.plan;
    const visibilityOf = (e: Upserted): Visibility => {
      const chosen = config && config.configVersion >= e.payload.configVersion ? config.visibility : e.payload.visibility;
      return plan ? visibilityUnderPlan(plan, chosen) : chosen;
    };
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
    const personId = (e: Upserted) => {
      const link = known.get(e.payload.externalId);
      return link ? new Types.ObjectId(link.personId) : personIdFor(accountId, e.payload.externalId);
    };
    const fresh = events.filter((e) => !known.has(e.payload.externalId));

    // Person before link: a crash in between leaves a person without a link, which the next
    // delivery repairs; never a link whose base claims a change the person does not have.
    const personExisted = new Set(
      (
        await this.persons.insertMany(
          fresh.map((e) => ({
            _id: personId(e),
            companyId,
            ownerUserId: e.payload.ownerUserId,
            visibility: visibilityOf(e),
            sourceAccountId: accountId,
            ...fieldsOf(e),
            photo: e.payload.contact.photo ?? null,
            photoSource: e.payload.contact.photo ? ('provider' as const) : null,
            deletedAt: null,
          })),
        )
      ).map((i) => fresh[i]),
    );
    const linkExisted = new Set(
      (
        await this.links.insertMany(
          fresh.map((e) => ({
            companyId,
            accountId,
            provider: e.payload.provider,
            externalId: e.payload.externalId,
            personId: personId(e).toHexString(),
            ...applied(e),
            deletedAt: null,
          })),
        )
      ).map((i) => fresh[i]),
    );
    for (const e of fresh) if (!personExisted.has(e)) tally.count(e, 'added');

    const existing = events.filter((e) => known.has(e.payload.externalId) || personExisted.has(e) || linkExisted.has(e));
    if (existing.length === 0) return;
    // Links another consumer inserted meanwhile (a rebalance) are read now.
    const raced = [...linkExisted].map((e) => e.payload.externalId);
    const links = raced.length > 0 ? new Map([...known, ...(await this.links.findMany(accountId, raced))]) : known;
    const candidates: { e: Upserted; echo: boolean }[] = [];
    // Older listings of contacts write-back created that no pass had listed yet: the pass counted
    // them in the provider total, so their links enter the sync's order even though the person
    // already holds a later write (else the dashboard says "written, not yet listed" until the
    // contact changes again).
    const listedBehindWrite: Upserted[] = [];
    for (const e of existing) {
      const link = links.get(e.payload.externalId);
      if (link && !isNewer(orderOf(e), { providerUpdatedAt: link.providerUpdatedAt, sequence: link.sequence ?? 0 })) {
        if ((link.sequence ?? 0) === 0 && e.payload.sequence > 0) listedBehindWrite.push(e);
        continue; // older or the same change
      }
      const samePhotoNote = (link?.photoNotSynced ?? null) === (e.payload.photoNotSynced ?? null);
      candidates.push({ e, echo: Boolean(link && !link.deletedAt && link.baseHash === e.payload.contactHash && samePhotoNote) });
    }
    // An equal hash is a duplicate only if the CRM still holds the person: a repairing full
    // resync compares with what the CRM has, not with what was sent.
    const echoes = candidates.filter((c) => c.echo).map((c) => personId(c.e).toHexString());
    const live = new Set(echoes.length > 0 ? await this.persons.liveIds(echoes) : []);
    const changed = candidates.filter((c) => !c.echo || !live.has(personId(c.e).toHexString())).map((c) => c.e);
    const plans = config?.direction === 'two_way' ? await this.twoWay.plan(accountId, changed, links, personId) : new Map<Upserted, InboundPlan>();
    const written = changed.filter((e) => plans.get(e)?.kind !== 'keep');
    const contactOf = (e: Upserted) => {
      const plan = plans.get(e);
      return plan?.kind === 'apply' ? plan.contact : e.payload.contact;
    };
    const mergedOrgs = await this.organizations.resolveMany(
      companyId,
      written.flatMap((e) => (plans.has(e) && contactOf(e).organization ? [contactOf(e).organization?.name as string] : [])),
    );
    await this.persons.applySyncedMany(
      written.map((e) => {
        const contact = contactOf(e);
        const org = contact.organization?.name;
        return {
          personId: personId(e).toHexString(),
          owner: { companyId, ownerUserId: e.payload.ownerUserId, visibility: visibilityOf(e) },
          fields: { ...toPersonFields(contact), organizationId: org ? (mergedOrgs.get(org) ?? orgIds.get(org) ?? null) : null },
          photo: e.payload.contact.photo ?? null,
          sourceAccountId: accountId,
        };
      }),
    );
    await this.twoWay.afterApply(accountId, companyId, written, plans, personId);
    // The first listing of a contact write-back created (its link has no sequence yet) is recorded
    // even when it is the echo: the link now belongs to the sync's order, and the dashboard stops
    // counting it as "written, not yet listed". Other echoes write nothing.
    const firstListed = candidates.filter((c) => c.echo && (links.get(c.e.payload.externalId)?.sequence ?? 0) === 0 && !changed.includes(c.e)).map((c) => c.e);
    const toApplied = (e: Upserted) => ({ accountId, externalId: e.payload.externalId, applied: applied(e) });
    // A change the CRM side kept (plan 'keep') changes no person: its link is not reopened.
    await this.links.recordApplied(written.map(toApplied), 'reopen');
    await this.links.recordApplied([...changed.filter((e) => !written.includes(e)), ...firstListed].map(toApplied), 'record');
    await this.links.recordListed(accountId, listedBehindWrite.map((e) => ({ externalId: e.payload.externalId, sequence: e.payload.sequence })));
    for (const e of written) if (!fresh.includes(e) || personExisted.has(e)) tally.count(e, 'updated');
  }

  private async delete(accountId: string, events: Deleted[], config: KnownSyncConfig | null, tally: Tally): Promise<void> {
    const links = await this.links.findMany(accountId, events.map((e) => e.payload.externalId));
    const personOf = (e: Deleted) => links.get(e.payload.externalId)?.personId ?? personIdFor(accountId, e.payload.externalId).toHexString();
    // No link: the person may still exist (a crash between person and link): delete it anyway.
    await this.links.markDetachedPresence(accountId, events.filter((e) => links.get(e.payload.externalId)?.endedReason).map((e) => e.payload.externalId), false);
    const due = events.filter((e) => {
      const link = links.get(e.payload.externalId);
      if (link?.endedReason) return false;
      return !link || isNewer(orderOf(e), { providerUpdatedAt: null, sequence: link.sequence ?? 0 });
    });
    // Two-way: a person edited in the CRM since the base outlives the provider's delete.
    const kept = config?.direction === 'two_way' ? await this.twoWay.editedSinceDelete(accountId, due, links) : new Set<Deleted>();
    // Soft delete: restorable, and a contact that comes back restores the same person. Per run, so
    // the dashboard counts each deletion under the run that made it.
    const byRun = new Map<string, Deleted[]>();
    for (const e of due.filter((d) => !kept.has(d))) byRun.set(e.payload.syncRunId, [...(byRun.get(e.payload.syncRunId) ?? []), e]);
    for (const [first, ...rest] of byRun.values()) {
      if (!first) continue;
      const deleted = await this.persons.softDeleteMany([first, ...rest].map(personOf));
      tally.count(first, 'deleted', deleted);
    }
    await this.links.markDeleted(accountId, due.map((e) => ({ externalId: e.payload.externalId, eventId: e.id, sequence: e.payload.sequence })));
  }
}
