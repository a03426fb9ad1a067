import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { Types, type UpdateQuery } from 'mongoose';
import { type CanonicalContact, emptyContact, isVisibilityAllowed, personToContact, toPersonFields, VISIBILITY_OPTIONS_BY_PLAN } from '@contact-sync/contact-model';
import type { Actor } from '@contact-sync/platform';
import { CustomFieldService } from '../custom-fields/custom-field.service';
import { CompanyRepository } from '../directory/company.repository';
import { DirectoryUserRepository } from '../directory/directory-user.repository';
import { OrganizationRepository } from '../organizations/organization.repository';
import { SyncConfigRepository } from '../syncs/sync-config.repository';
import { ReaderService } from '../visibility/reader.service';
import { LinkRepository } from '../links/link.repository';
import { OutboundPublisher } from './outbound/outbound.publisher';
import { applyPersonInput, hasIdentity } from './person-input';
import type { CreatePersonDto, PersonInputDto } from './person-input.dto';
import { PersonRepository } from './person.repository';
import type { Person, PersonDocument } from './person.schema';

/** Decided where the design is silent (docs/decisions.md): a person made in the CRM is seen company-wide unless told otherwise. */
const DEFAULT_VISIBILITY = 'entire_company';

/**
 * People created and edited by CRM users. Every synced field goes through the canonical contact
 * (`applyPersonInput`, then `toPersonFields`), the same mapping inbound changes use.
 */
@Injectable()
export class PersonWriteService {
  constructor(
    private readonly persons: PersonRepository,
    private readonly readers: ReaderService,
    private readonly users: DirectoryUserRepository,
    private readonly companies: CompanyRepository,
    private readonly organizations: OrganizationRepository,
    private readonly customFields: CustomFieldService,
    private readonly configs: SyncConfigRepository,
    private readonly outbound: OutboundPublisher,
    private readonly links: LinkRepository,
  ) {}

  async create(actor: Actor, dto: CreatePersonDto): Promise<PersonDocument> {
    const user = await this.users.find(actor.companyId, actor.userId);
    if (!user) throw new ForbiddenException(`user ${actor.userId} is not in the directory of company ${actor.companyId}`);
    if (!user.permissions.addPeople) throw new ForbiddenException('adding people needs the "add people" permission');
    const company = await this.companies.find(actor.companyId);
    if (!company) throw new ForbiddenException(`company ${actor.companyId} is not known to contacts yet`);
    const { visibility = DEFAULT_VISIBILITY, ...input } = dto;
    if (!isVisibilityAllowed(company.plan, visibility)) {
      throw new BadRequestException(`visibility "${visibility}" is not available on the ${company.plan} plan; allowed: ${VISIBILITY_OPTIONS_BY_PLAN[company.plan].join(', ')}`);
    }
    const contact = applyPersonInput(emptyContact(), input);
    if (!hasIdentity(contact)) throw new BadRequestException('a person needs a name, first or last name, an e-mail, a phone or an organization');
    const fields = await this.fieldsOf(actor, contact, user.permissions.addOrganizations);
    const _id = new Types.ObjectId();
    const target = await this.outboundTarget({ ownerUserId: actor.userId, sourceAccountId: null });
    const now = new Date();
    const outbound = target ? { accountId: target, version: 1, pendingAt: now, changedAt: now } : undefined;
    await this.persons.insertMany([{ _id, companyId: actor.companyId, ownerUserId: actor.userId, visibility, ...fields, photo: null, photoSource: null, sourceAccountId: null, origin: 'crm', deletedAt: null, ...(outbound ? { outbound } : {}) }]);
    if (outbound) this.outbound.flushSoon(_id.toHexString());
    return (await this.persons.findVisible(await this.readers.forActor(actor), _id.toHexString())) as PersonDocument;
  }

  async update(actor: Actor, id: string, dto: PersonInputDto): Promise<PersonDocument> {
    if (Object.values(dto).every((v) => v === undefined)) throw new BadRequestException('nothing to change: send at least one field of the person');
    // Independent reads side by side: an edit is on the write-back latency path.
    const [reader, user] = await Promise.all([this.readers.forActor(actor), this.users.find(actor.companyId, actor.userId)]);
    const person = await this.persons.findVisible(reader, id);
    if (!person) throw new NotFoundException(`person ${id} not found`);
    const contact = applyPersonInput(personToContact(person), dto);
    if (!hasIdentity(contact)) throw new BadRequestException('a person needs a name, first or last name, an e-mail, a phone or an organization');
    const [fields, mark] = await Promise.all([this.fieldsOf(actor, contact, Boolean(user?.permissions.addOrganizations), person.organizationName), this.outboundMark(person)]);
    const updated = await this.persons.updateVisible(reader, id, { ...mark, $set: { ...fields, ...(mark?.$set ?? {}) } });
    if (!updated) throw new NotFoundException(`person ${id} not found`);
    if (mark) this.outbound.flushSoon(id, updated);
    return updated;
  }

  /**
   * Ownership moves to another user of the company. Write-back for the old owner's account ends:
   * its links to this person end ("ownership_moved"; the provider contact stays in the old owner's
   * address book, untouched, and that sync no longer changes this person), the person leaves that
   * sync, and goes to the new owner's default two-way sync if they have one.
   */
  async moveOwner(actor: Actor, id: string, userId: string): Promise<PersonDocument> {
    const reader = await this.readers.forActor(actor);
    const person = await this.persons.findVisible(reader, id);
    if (!person) throw new NotFoundException(`person ${id} not found`);
    if (person.ownerUserId === userId) return person;
    if (!(await this.users.find(actor.companyId, userId))) throw new BadRequestException(`user ${userId} is not in the directory of company ${actor.companyId}`);
    const mark = await this.outboundMark({ ownerUserId: userId, sourceAccountId: null });
    const update: UpdateQuery<Person> = mark
      ? { $set: { ownerUserId: userId, sourceAccountId: null, outbound: { accountId: mark.$set?.['outbound.accountId'] as string, version: 1, pendingAt: new Date(), changedAt: new Date() } }, $unset: { writeback: 1 } }
      : { $set: { ownerUserId: userId, sourceAccountId: null }, $unset: { outbound: 1, writeback: 1 } };
    const moved = await this.persons.updateVisible(reader, id, update);
    if (!moved) throw new NotFoundException(`person ${id} not found`);
    await this.links.endAll(id, 'ownership_moved');
    if (mark) this.outbound.flushSoon(id);
    return moved;
  }

  /** Soft delete (restorable); a two-way sync carries it to the provider. */
  async delete(actor: Actor, id: string): Promise<void> {
    const reader = await this.readers.forActor(actor);
    const person = await this.persons.findVisible(reader, id);
    if (!person) throw new NotFoundException(`person ${id} not found`);
    const mark = await this.outboundMark(person);
    if (!(await this.persons.softDeleteVisible(reader, id, mark ?? {}))) throw new NotFoundException(`person ${id} not found`);
    // The contact stays in the provider total until a pass sees it go (written back, or deleted by
    // the user at the provider): the dashboard counts it apart. After the person, so a crash in
    // between leaves it unexplained rather than explaining a person that still exists.
    if (person.sourceAccountId) await this.links.markCrmDeleted(person.sourceAccountId, id);
    if (mark) this.outbound.flushSoon(id);
  }

  /**
   * The two-way sync a CRM change of this person goes to, if any: the one it already goes to, its
   * own sync when it came from one, else the owner's default (earliest) two-way sync. Persons of
   * one-way syncs and persons whose owner has no two-way sync never go out.
   */
  private async outboundTarget(person: Pick<Person, 'ownerUserId' | 'sourceAccountId'> & Partial<Pick<Person, 'outbound'>>): Promise<string | null> {
    const target = await this.configs.twoWayTarget(person.ownerUserId, person.outbound?.accountId ?? person.sourceAccountId);
    return target?.accountId ?? null;
  }

  /** The outbox entry written with the change itself, so a crash cannot lose it (published later by the sweeper). */
  private async outboundMark(person: Pick<Person, 'ownerUserId' | 'sourceAccountId'> & Partial<Pick<Person, 'outbound'>>): Promise<UpdateQuery<Person> | null> {
    const target = await this.outboundTarget(person);
    if (!target) return null;
    const now = new Date();
    return { $set: { 'outbound.accountId': target, 'outbound.pendingAt': now, 'outbound.changedAt': now }, $inc: { 'outbound.version': 1 } };
  }

  /** The person fields of `contact`, with its organization linked (made when missing, if the user may). */
  private async fieldsOf(actor: Actor, contact: CanonicalContact, mayAddOrganizations: boolean, currentOrganization: string | null = null) {
    const fields = toPersonFields(contact);
    if (Object.keys(fields.customFields).length > 0) await this.customFields.ensureForCompany(actor.companyId);
    const name = contact.organization?.name;
    if (!name) return { ...fields, organizationId: null };
    const known = await this.organizations.findId(actor.companyId, name);
    if (!known && !mayAddOrganizations && name !== currentOrganization) {
      throw new ForbiddenException(`organization "${name}" does not exist yet, and adding organizations needs the "add organizations" permission`);
    }
    const id = known ?? (await this.organizations.resolveMany(actor.companyId, [name])).get(name) ?? null;
    return { ...fields, organizationId: id };
  }
}
