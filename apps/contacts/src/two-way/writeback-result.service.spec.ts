import { randomUUID } from 'node:crypto';
import mongoose, { type Connection, type Model } from 'mongoose';
import { contactHash, emptyContact, type CanonicalContact } from '@contact-sync/contact-model';
import { createEvent, type EventPayload } from '@contact-sync/events';
import { requireInfraEnv } from '@contact-sync/testing';
import { SyncHistoryRepository } from '../history/sync-history.repository';
import { SyncHistoryEntry, SyncHistoryEntrySchema } from '../history/sync-history.schema';
import { LinkRepository } from '../links/link.repository';
import { PersonLink, PersonLinkSchema } from '../links/person-link.schema';
import { Organization, OrganizationSchema } from '../organizations/organization.schema';
import { OrganizationRepository } from '../organizations/organization.repository';
import { personIdFor } from '../persons/person-id';
import { PersonRepository } from '../persons/person.repository';
import { Person, PersonSchema } from '../persons/person.schema';
import { WritebackResultService } from './writeback-result.service';

/** Write-back results applied on the real database: links, persons, history. */
const ACCOUNT = 'acc-wb';
const scope = { companyId: 'co-1', accountId: ACCOUNT };
const ada = (over: Partial<CanonicalContact> = {}): CanonicalContact => ({ ...emptyContact(), name: { displayName: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace' }, ...over });

describe('WritebackResultService on the real database', () => {
  let conn: Connection;
  let persons: Model<Person>;
  let links: LinkRepository;
  let linkModel: Model<PersonLink>;
  let results: WritebackResultService;
  let history: SyncHistoryRepository;
  const personId = new mongoose.Types.ObjectId();

  const result = (over: Partial<EventPayload<'writeback.completed'>>) =>
    createEvent('writeback.completed', scope, {
      personId: personId.toHexString(), provider: 'microsoft', personVersion: 1, outcome: 'created', externalId: 'AAMk-1', etag: 'ck1',
      contact: ada(), providerUpdatedAt: '2026-01-02T00:00:00Z', merged: [], notSynced: [], error: null, ...over,
    });

  beforeEach(async () => {
    conn = await mongoose.createConnection(requireInfraEnv().mongoUri, { dbName: `contacts_wbresult_${randomUUID().slice(0, 8)}`, autoIndex: false }).asPromise();
    persons = conn.model(Person.name, PersonSchema);
    linkModel = conn.model(PersonLink.name, PersonLinkSchema);
    await linkModel.collection.createIndex({ accountId: 1, externalId: 1 }, { unique: true });
    links = new LinkRepository(linkModel);
    history = new SyncHistoryRepository(conn.model(SyncHistoryEntry.name, SyncHistoryEntrySchema));
    results = new WritebackResultService(new PersonRepository(persons), links, new OrganizationRepository(conn.model(Organization.name, OrganizationSchema)), history);
    const emails = [1, 2, 3, 4].map((n) => ({ value: `ada${n}@x.example` }));
    await persons.create({
      _id: personId, companyId: 'co-1', ownerUserId: 'u1', visibility: 'entire_company', name: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace', emails,
      sourceAccountId: null, origin: 'crm', deletedAt: null, outbound: { accountId: ACCOUNT, version: 1, pendingAt: null, changedAt: new Date('2026-01-01T00:00:00Z') },
    });
  });

  afterEach(async () => {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  });

  it('a create links the contact with the provider representation as base, adopts the person, keeps what Outlook cannot hold', async () => {
    const written = ada({ emails: [1, 2, 3].map((n) => ({ value: `ada${n}@x.example` })) });
    await results.apply(result({ contact: written, notSynced: [{ field: 'emails', value: 'ada4@x.example', reason: 'Outlook keeps at most 3 e-mail addresses' }] }));
    const link = (await links.findMany(ACCOUNT, ['AAMk-1'])).get('AAMk-1');
    expect(link).toMatchObject({ personId: personId.toHexString(), etag: 'ck1', baseHash: contactHash(written), deletedAt: null });
    // Inserted whole (no link existed): what the upsert path would have set on insert, and timestamps.
    expect(link?.toObject()).toMatchObject({ companyId: 'co-1', provider: 'microsoft', sequence: 0, lastEventId: null, photoNotSynced: null, providerUpdatedAt: '2026-01-02T00:00:00Z', createdAt: expect.any(Date), updatedAt: expect.any(Date) });
    const p = await persons.findById(personId).lean();
    expect([p?.sourceAccountId, p?.emails.length, p?.writeback?.notSynced.length, p?.writeback?.error]).toEqual([ACCOUNT, 4, 1, null]);
  });

  it('our create came back through a sync first: the link moves to the CRM person and the echo person is retired', async () => {
    const echo = personIdFor(ACCOUNT, 'AAMk-1');
    await persons.create({ _id: echo, companyId: 'co-1', ownerUserId: 'u1', visibility: 'entire_company', name: 'Ada Lovelace', sourceAccountId: ACCOUNT, deletedAt: null });
    await linkModel.create({ companyId: 'co-1', accountId: ACCOUNT, provider: 'microsoft', externalId: 'AAMk-1', personId: echo.toHexString(), base: ada(), baseHash: contactHash(ada()), etag: 'ck1', sequence: 3 });
    await results.apply(result({}));
    expect(await persons.findById(echo).lean()).toBeNull();
    expect((await links.findMany(ACCOUNT, ['AAMk-1'])).get('AAMk-1')).toMatchObject({ personId: personId.toHexString(), sequence: 3 });
  });

  it('a failure is shown on the person; an older result redelivered later changes nothing', async () => {
    await results.apply(result({ personVersion: 2, outcome: 'failed', externalId: null, etag: null, contact: null, providerUpdatedAt: null, error: { code: 'provider_refused', message: 'Invalid birthday', permanent: true } }));
    await results.apply(result({ personVersion: 1 }));
    const p = await persons.findById(personId).lean();
    expect(p?.writeback).toMatchObject({ personVersion: 2, error: { code: 'provider_refused', message: 'Invalid birthday', permanent: true } });
    expect(await links.findMany(ACCOUNT, ['AAMk-1'])).toEqual(new Map());
  });

  it('a delete that lost to a provider edit restores the person with the provider contact; merges go to the history', async () => {
    await persons.updateOne({ _id: personId }, { $set: { deletedAt: new Date() } });
    const edited = ada({ jobTitle: 'Edited at the provider' });
    await results.apply(result({ outcome: 'unchanged', contact: edited, merged: [{ field: 'jobTitle', crmValue: null, providerValue: 'Edited at the provider', winner: 'provider', reason: 'changed later at the provider' }] }));
    const p = await persons.findById(personId).lean();
    expect([p?.deletedAt, p?.customFields.job_title]).toEqual([null, 'Edited at the provider']);
    expect((await history.forPerson('co-1', personId.toHexString(), 5)).map((h) => h.decisions[0]?.field)).toEqual(['jobTitle']);
  });

  it('a chunk is applied in bulk: several persons at once, a person\'s results in order, an echo link moved and its person retired', async () => {
    const other = new mongoose.Types.ObjectId();
    await persons.create({ _id: other, companyId: 'co-1', ownerUserId: 'u1', visibility: 'entire_company', name: 'Grace Hopper', sourceAccountId: null, origin: 'crm', deletedAt: null, outbound: { accountId: ACCOUNT, version: 1, pendingAt: null, changedAt: new Date('2026-01-01T00:00:00Z') } });
    // The sync listed our create of Grace before its result came: an echo person holds the link.
    const echo = personIdFor(ACCOUNT, 'AAMk-2');
    await persons.create({ _id: echo, companyId: 'co-1', ownerUserId: 'u1', visibility: 'entire_company', name: 'Grace Hopper', sourceAccountId: ACCOUNT, deletedAt: null });
    await linkModel.create({ companyId: 'co-1', accountId: ACCOUNT, provider: 'microsoft', externalId: 'AAMk-2', personId: echo.toHexString(), base: ada(), baseHash: contactHash(ada()), etag: 'ck0', sequence: 3 });
    const grace = ada({ name: { displayName: 'Grace Hopper', givenName: 'Grace', familyName: 'Hopper' } });
    await persons.updateOne({ _id: personId }, { $set: { 'outbound.version': 2 } });
    await results.applyMany([
      result({}),
      createEvent('writeback.completed', scope, { personId: other.toHexString(), provider: 'microsoft', personVersion: 1, outcome: 'created', externalId: 'AAMk-2', etag: 'ck2', contact: grace, providerUpdatedAt: '2026-01-02T00:00:00Z', merged: [], notSynced: [], error: null }),
      result({ personVersion: 2, outcome: 'updated', etag: 'ck3', contact: ada({ jobTitle: 'Analyst' }), providerUpdatedAt: '2026-01-03T00:00:00Z' }),
    ]);
    const all = await links.findMany(ACCOUNT, ['AAMk-1', 'AAMk-2']);
    expect(all.get('AAMk-1')).toMatchObject({ personId: personId.toHexString(), etag: 'ck3', baseHash: contactHash(ada({ jobTitle: 'Analyst' })) });
    expect(all.get('AAMk-2')).toMatchObject({ personId: other.toHexString(), etag: 'ck2', sequence: 3 });
    expect(await persons.findById(echo).lean()).toBeNull();
    const [p, g] = await Promise.all([persons.findById(personId).lean(), persons.findById(other).lean()]);
    expect([p?.writeback?.personVersion, p?.sourceAccountId, p?.customFields.job_title, g?.sourceAccountId, g?.writeback?.personVersion]).toEqual([2, ACCOUNT, 'Analyst', ACCOUNT, 1]);
  });

  it('a link another result moved since it was read is redone one by one (the displaced person is still retired)', async () => {
    const echo = personIdFor(ACCOUNT, 'AAMk-1');
    await persons.create({ _id: echo, companyId: 'co-1', ownerUserId: 'u1', visibility: 'entire_company', name: 'Ada Lovelace', sourceAccountId: ACCOUNT, deletedAt: null });
    // What the bulk write expects (no link yet) is wrong by the time it writes: the echo's link exists.
    const findMany = links.findMany.bind(links);
    jest.spyOn(links, 'findMany').mockImplementationOnce(async (accountId, ids) => {
      const seen = await findMany(accountId, ids);
      await linkModel.create({ companyId: 'co-1', accountId: ACCOUNT, provider: 'microsoft', externalId: 'AAMk-1', personId: echo.toHexString(), base: ada(), baseHash: contactHash(ada()), etag: 'ck0', sequence: 4 });
      return seen;
    });
    await results.applyMany([result({})]);
    expect((await links.findMany(ACCOUNT, ['AAMk-1'])).get('AAMk-1')).toMatchObject({ personId: personId.toHexString(), etag: 'ck1', sequence: 4 });
    expect(await persons.findById(echo).lean()).toBeNull();
  });

  it('a contact recreated under a new id ends the person\'s other live link to that account only', async () => {
    const link = (accountId: string, externalId: string) => ({ companyId: 'co-1', accountId, provider: 'microsoft', externalId, personId: personId.toHexString(), base: ada(), baseHash: contactHash(ada()), etag: 'ck0', sequence: 2, deletedAt: null });
    await linkModel.create([link(ACCOUNT, 'AAMk-old'), link('acc-other', 'AAMk-elsewhere')]);
    await results.apply(result({}));
    const ended = await linkModel.find({ personId: personId.toHexString() }).lean();
    expect(Object.fromEntries(ended.map((l) => [l.externalId, l.deletedAt === null ? 'live' : 'ended']))).toEqual({ 'AAMk-1': 'live', 'AAMk-old': 'ended', 'AAMk-elsewhere': 'live' });
  });

  it('a delete ends the link quietly', async () => {
    await results.apply(result({}));
    await results.apply(result({ personVersion: 2, outcome: 'deleted', externalId: null, etag: null, contact: null, providerUpdatedAt: null }));
    expect((await links.findMany(ACCOUNT, ['AAMk-1'])).get('AAMk-1')?.deletedAt).toEqual(expect.any(Date));
  });
});
