import { randomUUID } from 'node:crypto';
import mongoose, { type Connection, type Model } from 'mongoose';
import { contactHash, emptyContact, type CanonicalContact } from '@contact-sync/contact-model';
import { createEvent, type EventsOnTopic, type Visibility } from '@contact-sync/events';
import { requireInfraEnv } from '@contact-sync/testing';
import { SyncActivityRepository } from '../activity/sync-activity.repository';
import { SyncActivityHour, SyncActivityHourSchema, SyncActivityRun, SyncActivityRunSchema } from '../activity/sync-activity.schema';
import type { CustomFieldService } from '../custom-fields/custom-field.service';
import { LinkRepository } from '../links/link.repository';
import { PersonLink, PersonLinkSchema } from '../links/person-link.schema';
import { Company, CompanySchema } from '../directory/company.schema';
import { CompanyRepository } from '../directory/company.repository';
import { DirectoryService } from '../directory/directory.service';
import type { DirectoryUserRepository } from '../directory/directory-user.repository';
import type { RoleRepository } from '../directory/role.repository';
import { Organization, OrganizationSchema } from '../organizations/organization.schema';
import { OrganizationRepository } from '../organizations/organization.repository';
import { personIdFor } from '../persons/person-id';
import { PersonRepository } from '../persons/person.repository';
import { Person, PersonSchema } from '../persons/person.schema';
import { SyncConfigRepository } from '../syncs/sync-config.repository';
import { SyncConfigRecord, SyncConfigRecordSchema } from '../syncs/sync-config.schema';
import { SyncReconfigurationService } from '../syncs/sync-reconfiguration.service';
import { SyncHistoryRepository } from '../history/sync-history.repository';
import { SyncHistoryEntry, SyncHistoryEntrySchema } from '../history/sync-history.schema';
import type { OutboundPublisher } from '../persons/outbound/outbound.publisher';
import { TwoWayInboundService } from '../two-way/two-way-inbound.service';
import { InboundChangeService } from './inbound-change.service';

/** The inbound apply on the real database (FerretDB locally): what the CRM ends up holding. */
type Change = EventsOnTopic<'providerContactChanges'>;
const ACCOUNT = 'acc-1';
const scope = { companyId: 'co-1', accountId: ACCOUNT };

const syncConfig = (visibility: Visibility) => ({ provider: 'google' as const, ownerUserId: 'u1', groupId: null, groupName: null, direction: 'one_way' as const, visibility });

const contactNamed = (name: string): CanonicalContact => ({ ...emptyContact(), name: { displayName: name, givenName: name } });

function upsert(externalId: string, name: string, o: { sequence: number; at: string | null; run?: string; configVersion?: number; visibility?: Visibility; photoNotSynced?: string }): Change {
  const contact = contactNamed(name);
  return createEvent('provider-contact.upserted', scope, {
    provider: 'google',
    externalId,
    ownerUserId: 'u1',
    visibility: o.visibility ?? 'owner_only',
    syncRunId: o.run ?? 'run-1',
    sequence: o.sequence,
    configVersion: o.configVersion ?? 1,
    etag: `e${o.sequence}`,
    contactHash: contactHash(contact),
    contact,
    ...(o.photoNotSynced ? { photoNotSynced: o.photoNotSynced } : {}),
    providerUpdatedAt: o.at,
  });
}

function deletion(externalId: string, sequence: number, run = 'run-1'): Change {
  return createEvent('provider-contact.deleted', scope, {
    provider: 'google',
    externalId,
    ownerUserId: 'u1',
    visibility: 'owner_only',
    syncRunId: run,
    sequence,
    configVersion: 1,
    reason: 'deleted',
  });
}

describe('InboundChangeService on the real database', () => {
  let conn: Connection;
  let persons: Model<Person>;
  let inbound: InboundChangeService;
  let activity: SyncActivityRepository;
  let reconfiguration: SyncReconfigurationService;
  let directory: DirectoryService;
  let linkRepo: LinkRepository;
  let configs: SyncConfigRepository;
  let history: SyncHistoryRepository;

  const person = (externalId: string) => persons.findById(personIdFor(ACCOUNT, externalId)).lean().exec();

  beforeEach(async () => {
    conn = await mongoose.createConnection(requireInfraEnv().mongoUri, { dbName: `contacts_inbound_${randomUUID().slice(0, 8)}`, autoIndex: false }).asPromise();
    persons = conn.model(Person.name, PersonSchema);
    const links = conn.model(PersonLink.name, PersonLinkSchema);
    // The unique provider identity is what makes inserts idempotent (IndexBuilder builds it in the service).
    await links.collection.createIndex({ accountId: 1, externalId: 1 }, { unique: true });
    configs = new SyncConfigRepository(conn.model(SyncConfigRecord.name, SyncConfigRecordSchema));
    const personRepo = new PersonRepository(persons);
    activity = new SyncActivityRepository(conn.model(SyncActivityHour.name, SyncActivityHourSchema), conn.model(SyncActivityRun.name, SyncActivityRunSchema));
    const companies = new CompanyRepository(conn.model(Company.name, CompanySchema));
    const customFields = { ensureForCompany: async () => undefined } as unknown as CustomFieldService;
    linkRepo = new LinkRepository(links);
    history = new SyncHistoryRepository(conn.model(SyncHistoryEntry.name, SyncHistoryEntrySchema));
    // The outbox publisher is the sweeper's job here: what matters is the outbox mark on the person.
    const outbound = { flushSoon: () => undefined } as unknown as OutboundPublisher;
    inbound = new InboundChangeService(
      linkRepo,
      personRepo,
      new OrganizationRepository(conn.model(Organization.name, OrganizationSchema)),
      customFields,
      configs,
      activity,
      companies,
      new TwoWayInboundService(personRepo, history, outbound, linkRepo),
    );
    reconfiguration = new SyncReconfigurationService(configs, personRepo);
    directory = new DirectoryService(companies, {} as RoleRepository, {} as DirectoryUserRepository, personRepo);
  });

  afterEach(async () => {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  });

  it('creates persons once, and a duplicate delivery changes nothing and counts nothing', async () => {
    const first = upsert('people/a', 'Ada', { sequence: 1, at: '2026-01-01T00:00:00Z' });
    await inbound.apply([first, upsert('people/b', 'Bob', { sequence: 2, at: '2026-01-01T00:00:00Z' })]);
    await inbound.apply([first]);
    expect(await persons.countDocuments({ sourceAccountId: ACCOUNT, deletedAt: null })).toBe(2);
    expect(await activity.lastRun(ACCOUNT)).toEqual({ syncRunId: 'run-1', processed: 3, added: 2, updated: 0, deleted: 0 });
  });

  it('never moves a person backwards: an older event replayed after a newer one is ignored', async () => {
    await inbound.apply([upsert('people/a', 'Newer', { sequence: 5, at: '2026-01-02T00:00:00Z' })]);
    await inbound.apply([upsert('people/a', 'Older', { sequence: 3, at: '2026-01-01T00:00:00Z' })]);
    expect((await person('people/a'))?.name).toBe('Newer');
    // Within one chunk too, whatever the delivery order.
    await inbound.apply([upsert('people/b', 'B2', { sequence: 9, at: '2026-01-03T00:00:00Z' }), upsert('people/b', 'B1', { sequence: 8, at: '2026-01-02T00:00:00Z' })]);
    expect((await person('people/b'))?.name).toBe('B2');
  });

  it('a delete wins over the older upsert replayed after it, and a newer upsert restores the same person', async () => {
    await inbound.apply([upsert('people/a', 'Ada', { sequence: 1, at: '2026-01-01T00:00:00Z' })]);
    await inbound.apply([deletion('people/a', 2)]);
    await inbound.apply([upsert('people/a', 'Ada', { sequence: 1, at: '2026-01-01T00:00:00Z' })]);
    expect((await person('people/a'))?.deletedAt).not.toBeNull();
    await inbound.apply([upsert('people/a', 'Ada again', { sequence: 3, at: '2026-01-05T00:00:00Z' })]);
    expect(await person('people/a')).toMatchObject({ name: 'Ada again', deletedAt: null });
  });

  it('repairs a person the CRM lost even when the event equals what was sent', async () => {
    const event = upsert('people/a', 'Ada', { sequence: 1, at: '2026-01-01T00:00:00Z' });
    await inbound.apply([event]);
    await persons.updateOne({ _id: personIdFor(ACCOUNT, 'people/a') }, { $set: { deletedAt: new Date() } });
    // The repairing full resync re-sends the same contact with a newer sequence.
    await inbound.apply([upsert('people/a', 'Ada', { sequence: 2, at: '2026-01-01T00:00:00Z', run: 'run-2' })]);
    expect((await person('people/a'))?.deletedAt).toBeNull();
    expect(await activity.lastRun(ACCOUNT)).toMatchObject({ syncRunId: 'run-2', updated: 1 });
  });

  it('records, and clears, a provider photo the CRM could not store, even when the contact is otherwise equal', async () => {
    await inbound.apply([upsert('people/a', 'Ada', { sequence: 1, at: '2026-01-01T00:00:00Z' })]);
    expect((await linkRepo.photosNotSynced(ACCOUNT, 5)).count).toBe(0);
    await inbound.apply([upsert('people/a', 'Ada', { sequence: 2, at: '2026-01-02T00:00:00Z', photoNotSynced: 'larger than 1048576 bytes' })]);
    expect(await linkRepo.photosNotSynced(ACCOUNT, 5)).toEqual({
      count: 1,
      samples: [{ externalId: 'people/a', personId: personIdFor(ACCOUNT, 'people/a').toHexString(), reason: 'larger than 1048576 bytes' }],
    });
    await inbound.apply([upsert('people/a', 'Ada', { sequence: 3, at: '2026-01-03T00:00:00Z' })]);
    expect((await linkRepo.photosNotSynced(ACCOUNT, 5)).count).toBe(0);
  });

  it('a re-configuration re-stamps every person of the sync, and older events cannot undo it', async () => {
    await inbound.apply([
      upsert('people/a', 'Ada', { sequence: 1, at: null, visibility: 'entire_company' }),
      upsert('people/b', 'Bob', { sequence: 2, at: null, visibility: 'entire_company' }),
    ]);
    await reconfiguration.apply(ACCOUNT, 2, syncConfig('owner_only'));
    expect(await persons.countDocuments({ sourceAccountId: ACCOUNT, visibility: 'owner_only' })).toBe(2);
    // A change produced under the old configuration arrives late: the stored (newer) visibility wins.
    await inbound.apply([upsert('people/c', 'Cy', { sequence: 3, at: null, configVersion: 1, visibility: 'entire_company' })]);
    expect((await person('people/c'))?.visibility).toBe('owner_only');
    // A redelivered older configuration changes nothing.
    await reconfiguration.apply(ACCOUNT, 1, syncConfig('entire_company'));
    expect(await persons.countDocuments({ sourceAccountId: ACCOUNT, visibility: 'entire_company' })).toBe(0);
  });

  it('a plan downgrade narrows synced persons at once, and later changes are narrowed too', async () => {
    await directory.putCompany('co-1', { plan: 'professional' });
    await inbound.apply([upsert('people/a', 'Ada', { sequence: 1, at: null, visibility: 'owner_role' })]);
    expect((await person('people/a'))?.visibility).toBe('owner_role');
    // Advanced offers only owner_and_followers and entire_company: owner_role must not stay.
    await directory.putCompany('co-1', { plan: 'advanced' });
    expect((await person('people/a'))?.visibility).toBe('owner_and_followers');
    await inbound.apply([upsert('people/b', 'Bob', { sequence: 2, at: null, visibility: 'owner_role' })]);
    expect((await person('people/b'))?.visibility).toBe('owner_and_followers');
  });

  it('counts deletions actually made under the run that made them', async () => {
    await inbound.apply([upsert('people/a', 'Ada', { sequence: 1, at: null }), upsert('people/b', 'Bob', { sequence: 2, at: null })]);
    await inbound.apply([deletion('people/a', 3, 'run-2'), deletion('people/a', 3, 'run-2')]);
    expect(await activity.lastRun(ACCOUNT)).toEqual({ syncRunId: 'run-2', processed: 2, added: 0, updated: 0, deleted: 1 });
    expect((await activity.windows(ACCOUNT)).last24h).toEqual({ added: 2, updated: 0, deleted: 1 });
  });

  describe('two-way syncs', () => {
    const crmPerson = new mongoose.Types.ObjectId();
    const twoWay = () => configs.record(ACCOUNT, 1, { ...syncConfig('owner_only'), direction: 'two_way' }, 'co-1');
    const contactWith = (name: string, jobTitle?: string): CanonicalContact => ({ ...contactNamed(name), ...(jobTitle ? { jobTitle } : {}) });
    const upsertOf = (externalId: string, contact: CanonicalContact, sequence: number, at: string) =>
      createEvent('provider-contact.upserted', scope, {
        provider: 'google', externalId, ownerUserId: 'u1', visibility: 'owner_only', syncRunId: 'run-1', sequence, configVersion: 1,
        etag: `e${sequence}`, contactHash: contactHash(contact), contact, providerUpdatedAt: at,
      });

    /** A person made in the CRM, written back by writeback and linked to contact people/w. */
    async function writtenBack(base: CanonicalContact, crm: { jobTitle?: string; emails?: { value: string }[]; changedAt?: Date; pending?: boolean } = {}) {
      await twoWay();
      await persons.create({
        _id: crmPerson, companyId: 'co-1', ownerUserId: 'u1', visibility: 'entire_company', name: base.name.displayName, firstName: base.name.givenName,
        emails: crm.emails ?? [], customFields: crm.jobTitle ? { job_title: crm.jobTitle } : base.jobTitle ? { job_title: base.jobTitle } : {},
        sourceAccountId: ACCOUNT, origin: 'crm', deletedAt: null,
        outbound: { accountId: ACCOUNT, version: 1, pendingAt: crm.pending ? new Date() : null, changedAt: crm.changedAt ?? new Date('2026-01-01T00:00:00Z') },
        writeback: { accountId: ACCOUNT, personVersion: crm.pending ? 0 : 1, error: null, notSynced: [] },
      });
      await linkRepo.recordWritten({ companyId: 'co-1', accountId: ACCOUNT, provider: 'google', externalId: 'people/w', personId: crmPerson.toHexString(), base, baseHash: contactHash(base), etag: 'e0', providerUpdatedAt: '2026-01-01T00:00:00Z' });
    }

    it('a contact written back from a CRM person updates that person, never a second one', async () => {
      await writtenBack(contactWith('Ada', 'Analyst'));
      await inbound.apply([upsertOf('people/w', contactWith('Ada', 'Engineer'), 1, '2026-01-02T00:00:00Z')]);
      expect(await persons.countDocuments({})).toBe(1);
      expect((await persons.findById(crmPerson).lean())?.customFields).toEqual({ job_title: 'Engineer' });
    });

    it('the echo of our own write changes nothing; a provider edit of another field keeps the CRM edit and sends it back out', async () => {
      await writtenBack(contactWith('Ada', 'Analyst'), { emails: [{ value: 'ada@crm.example' }], changedAt: new Date('2026-01-03T00:00:00Z') });
      await inbound.apply([upsertOf('people/w', contactWith('Ada', 'Analyst'), 1, '2026-01-02T00:00:00Z')]);
      expect((await persons.findById(crmPerson).lean())?.outbound?.version).toBe(1);
      await inbound.apply([upsertOf('people/w', contactWith('Ada', 'Engineer'), 2, '2026-01-04T00:00:00Z')]);
      const after = await persons.findById(crmPerson).lean();
      expect([after?.emails.map((e) => e.value), after?.customFields.job_title]).toEqual([['ada@crm.example'], 'Engineer']);
      expect(after?.outbound).toMatchObject({ version: 2, pendingAt: expect.any(Date) });
    });

    it('the same field changed on both sides: the later change wins, the loser is in the sync history', async () => {
      await writtenBack(contactWith('Ada', 'Analyst'), { jobTitle: 'CRM title', changedAt: new Date('2026-01-05T00:00:00Z') });
      await inbound.apply([upsertOf('people/w', contactWith('Ada', 'Provider title'), 1, '2026-01-04T00:00:00Z')]);
      expect((await persons.findById(crmPerson).lean())?.customFields.job_title).toBe('CRM title');
      expect((await history.forPerson('co-1', crmPerson.toHexString(), 10))[0]?.decisions).toEqual([
        { field: 'jobTitle', crmValue: 'CRM title', providerValue: 'Provider title', winner: 'crm', reason: 'changed later in the CRM (or at the same time)' },
      ]);
    });

    it('a provider delete of a person edited in the CRM keeps it and sends it back out (the contact is recreated)', async () => {
      await writtenBack(contactWith('Ada', 'Analyst'), { jobTitle: 'Edited in the CRM' });
      await inbound.apply([createEvent('provider-contact.deleted', scope, { provider: 'google', externalId: 'people/w', ownerUserId: 'u1', visibility: 'owner_only', syncRunId: 'run-1', sequence: 1, configVersion: 1, reason: 'deleted' })]);
      const after = await persons.findById(crmPerson).lean();
      expect([after?.deletedAt, after?.outbound?.version]).toEqual([null, 2]);
    });

    it('a pass that lists an older state than our latest write counts the contact as listed, and keeps the write as the base', async () => {
      await writtenBack(contactWith('Ada', 'Analyst'));
      await linkRepo.recordWritten({ companyId: 'co-1', accountId: ACCOUNT, provider: 'google', externalId: 'people/w', personId: crmPerson.toHexString(), base: contactWith('Ada', 'Engineer'), baseHash: contactHash(contactWith('Ada', 'Engineer')), etag: 'e9', providerUpdatedAt: '2026-01-03T00:00:00Z' });
      expect(await linkRepo.countAwaitingEcho(ACCOUNT)).toBe(1);
      // The pass rendered the contact between our create and our update.
      await inbound.apply([upsertOf('people/w', contactWith('Ada', 'Analyst'), 4, '2026-01-01T00:00:00Z')]);
      expect(await linkRepo.countAwaitingEcho(ACCOUNT)).toBe(0);
      const link = (await linkRepo.findMany(ACCOUNT, ['people/w'])).get('people/w');
      expect([link?.base?.jobTitle, link?.etag, link?.sequence]).toEqual(['Engineer', 'e9', 4]);
      expect(await persons.countDocuments({})).toBe(1);
    });

    it('a listing from before write-back deleted the contact does not bring back a person deleted in the CRM', async () => {
      await writtenBack(contactWith('Ada', 'Analyst'));
      await inbound.apply([upsertOf('people/w', contactWith('Ada', 'Analyst'), 1, '2026-01-01T00:00:00Z')]); // the first listing: in the provider total
      await persons.updateOne({ _id: crmPerson }, { $set: { deletedAt: new Date() } });
      await linkRepo.markCrmDeleted(ACCOUNT, crmPerson.toHexString());
      await linkRepo.endForPersons(ACCOUNT, [crmPerson.toHexString()]); // write-back deleted the contact
      // A pass that rendered the contact before the delete, applied after it.
      await inbound.apply([upsertOf('people/w', contactWith('Ada', 'Analyst'), 2, '2026-01-01T00:00:00Z')]);
      expect((await persons.findById(crmPerson).lean())?.deletedAt).toEqual(expect.any(Date));
      expect([await linkRepo.countDeletedInCrm(ACCOUNT), await linkRepo.countAwaitingEcho(ACCOUNT)]).toEqual([1, 0]);
      await inbound.apply([createEvent('provider-contact.deleted', scope, { provider: 'google', externalId: 'people/w', ownerUserId: 'u1', visibility: 'owner_only', syncRunId: 'run-2', sequence: 3, configVersion: 1, reason: 'deleted' })]);
      expect(await linkRepo.countDeletedInCrm(ACCOUNT)).toBe(0);
      expect(await persons.countDocuments({ deletedAt: null })).toBe(0);
    });

    it('a provider edit listed while the CRM delete is on its way restores the person (the edit wins)', async () => {
      await writtenBack(contactWith('Ada', 'Analyst'));
      await persons.updateOne({ _id: crmPerson }, { $set: { deletedAt: new Date() } });
      await linkRepo.markCrmDeleted(ACCOUNT, crmPerson.toHexString());
      await inbound.apply([upsertOf('people/w', contactWith('Ada', 'Edited at Google'), 1, '2026-01-02T00:00:00Z')]);
      const after = await persons.findById(crmPerson).lean();
      expect([after?.deletedAt, after?.customFields.job_title]).toEqual([null, 'Edited at Google']);
      expect([await linkRepo.countDeletedInCrm(ACCOUNT), await linkRepo.countAwaitingEcho(ACCOUNT)]).toEqual([0, 0]);
    });

    it('a contact whose person changed owner no longer touches the person, and is counted as detached while it exists', async () => {
      await writtenBack(contactWith('Ada', 'Analyst'));
      await linkRepo.endAll(crmPerson.toHexString(), 'ownership_moved');
      await inbound.apply([upsertOf('people/w', contactWith('Ada', 'Changed by the old owner'), 1, '2026-01-02T00:00:00Z')]);
      expect((await persons.findById(crmPerson).lean())?.customFields.job_title).toBe('Analyst');
      expect(await persons.countDocuments({})).toBe(1);
      expect(await linkRepo.countDetached(ACCOUNT)).toBe(1);
      await inbound.apply([createEvent('provider-contact.deleted', scope, { provider: 'google', externalId: 'people/w', ownerUserId: 'u1', visibility: 'owner_only', syncRunId: 'run-1', sequence: 2, configVersion: 1, reason: 'deleted' })]);
      expect(await linkRepo.countDetached(ACCOUNT)).toBe(0);
      expect((await persons.findById(crmPerson).lean())?.deletedAt).toBeNull();
    });
  });

  describe('persons deleted in the CRM (the dashboard counts their contacts apart until a pass sees them go)', () => {
    const crmDelete = async (externalId: string) => {
      const id = personIdFor(ACCOUNT, externalId).toHexString();
      await persons.updateOne({ _id: id }, { $set: { deletedAt: new Date() } });
      await linkRepo.markCrmDeleted(ACCOUNT, id);
      return id;
    };

    it('counts one until the pass that lists the deletion, also after write-back ended the link', async () => {
      await inbound.apply([upsert('people/a', 'Ada', { sequence: 1, at: '2026-01-01T00:00:00Z' }), upsert('people/b', 'Bob', { sequence: 2, at: '2026-01-01T00:00:00Z' })]);
      const id = await crmDelete('people/a');
      expect(await linkRepo.countDeletedInCrm(ACCOUNT)).toBe(1);
      await linkRepo.endForPersons(ACCOUNT, [id]); // write-back deleted the contact: still in the last pass's total
      expect(await linkRepo.countDeletedInCrm(ACCOUNT)).toBe(1);
      await inbound.apply([deletion('people/a', 3, 'run-2')]);
      expect(await linkRepo.countDeletedInCrm(ACCOUNT)).toBe(0);
      expect(await persons.countDocuments({ sourceAccountId: ACCOUNT, deletedAt: null })).toBe(1);
    });

    it('stops counting a person a provider change brings back', async () => {
      await inbound.apply([upsert('people/a', 'Ada', { sequence: 1, at: '2026-01-01T00:00:00Z' })]);
      await crmDelete('people/a');
      await inbound.apply([upsert('people/a', 'Ada Byron', { sequence: 2, at: '2026-01-02T00:00:00Z', run: 'run-2' })]);
      expect(await linkRepo.countDeletedInCrm(ACCOUNT)).toBe(0);
      expect((await person('people/a'))?.deletedAt).toBeNull();
    });

    it('does not count a contact write-back created that no pass listed (it was never in the provider total)', async () => {
      await linkRepo.recordWritten({ companyId: 'co-1', accountId: ACCOUNT, provider: 'google', externalId: 'people/w', personId: 'p-w', base: contactNamed('W'), baseHash: contactHash(contactNamed('W')), etag: 'e1', providerUpdatedAt: null });
      expect(await linkRepo.countAwaitingEcho(ACCOUNT)).toBe(1);
      await linkRepo.markCrmDeleted(ACCOUNT, 'p-w');
      expect([await linkRepo.countAwaitingEcho(ACCOUNT), await linkRepo.countDeletedInCrm(ACCOUNT)]).toEqual([0, 0]);
    });
  });
});
