import { randomUUID } from 'node:crypto';
import { mongo } from 'mongoose';
import { createEvent, type EventEnvelope } from '@contact-sync/events';
import { CrmUser, DirectoryAdmin, eventually, KafkaProbe, startLocalStack, type LocalStack } from '@contact-sync/testing';

/**
 * CRM changes leave contacts as `crm-person.changed` only for persons a two-way sync's user owns,
 * through the persons' outbox, on the real broker and database. (Accounts still refuses two-way
 * configurations until write-back lands, so the test records one the way accounts will: a
 * `sync.configured` event.)
 */
jest.setTimeout(120_000);

type Changed = EventEnvelope<'crm-person.changed'>;

describe('CRM person changes for two-way syncs', () => {
  let stack: LocalStack;
  let probe: KafkaProbe;
  let owner: CrmUser;
  let colleague: CrmUser;
  let oneWayOwner: CrmUser;
  let company: string;
  let db: mongo.MongoClient;
  const persons = () => db.db(`${stack.namespace}_contacts`).collection('persons');
  const twoWay = `acc-two-${randomUUID().slice(0, 6)}`;
  const oneWay = `acc-one-${randomUUID().slice(0, 6)}`;

  const configure = async (accountId: string, ownerUserId: string, direction: 'one_way' | 'two_way', provider: 'google' | 'microsoft' = 'microsoft') => {
    const event = createEvent('sync.configured', { companyId: company, accountId }, {
      configVersion: 1,
      config: { provider, ownerUserId, groupId: 'folder-1', groupName: 'Clients', direction, visibility: 'entire_company' },
    });
    await probe.send('accountLifecycle', [{ key: accountId, value: JSON.stringify(event) }]);
  };
  const changes = async (until: (c: Changed[]) => boolean) =>
    (await probe.readUntil('crmPersonChanges', (m) => until(m.map((x) => JSON.parse(x.value) as Changed)))).map((x) => JSON.parse(x.value) as Changed);

  beforeAll(async () => {
    stack = await startLocalStack();
    probe = new KafkaProbe(stack.infra.kafkaBrokers, stack.namespace);
    // The driver mongoose bundles: the database is read directly, not through our code.
    db = await mongo.MongoClient.connect(stack.infra.mongoUri);
    company = `co-${randomUUID().slice(0, 8)}`;
    const creds = { accounts: stack.accountsUrl, contacts: stack.contactsUrl };
    [owner, colleague, oneWayOwner] = [0, 1, 2].map(() => new CrmUser(`u-${randomUUID().slice(0, 8)}`, company, creds, stack.actorJwtSecret)) as [CrmUser, CrmUser, CrmUser];
    const directory = new DirectoryAdmin(stack.contactsUrl, stack.internalApiToken);
    await directory.company(company, 'professional');
    for (const u of [owner, colleague, oneWayOwner]) await directory.user(company, u.userId, { roleId: null, globalAdmin: false, permissions: { addPeople: true, addOrganizations: true } });
    await configure(twoWay, owner.userId, 'two_way');
    await configure(oneWay, oneWayOwner.userId, 'one_way');
    await probe.untilConsumed('accountLifecycle');
  });
  afterAll(async () => {
    await probe?.close();
    await db?.close();
    await stack?.stop();
  });

  it('a person the two-way user creates and edits goes out, in order, without photo or Microsoft notes', async () => {
    const created = await owner.expectOk<{ id: string }>(owner.contacts('POST', '/persons', { name: 'Ada Lovelace', jobTitle: 'Analyst', notes: 'private', emails: [{ value: 'ada@x.example' }] }), 201);
    await owner.expectOk(owner.contacts('PATCH', `/persons/${created.id}`, { jobTitle: 'Countess' }));
    const mine = (await changes((c) => c.some((e) => e.payload.personId === created.id && e.payload.personVersion === 2))).filter((e) => e.payload.personId === created.id);
    // In order; a publish that starts after the edit carries the newer state at once (versions coalesce).
    const versions = mine.map((e) => e.payload.personVersion);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(mine.map((e) => [e.payload.personVersion, e.payload.change, e.payload.contact?.jobTitle]).at(-1)).toEqual([2, 'upsert', 'Countess']);
    if (versions[0] === 1) expect(mine[0]?.payload.contact?.jobTitle).toBe('Analyst');
    expect(mine[0]).toMatchObject({ accountId: twoWay, companyId: company, payload: { provider: 'microsoft', ownerUserId: owner.userId, externalId: null, groupId: 'folder-1', base: null } });
    expect(mine.every((e) => e.payload.contact && !('notes' in e.payload.contact) && !('photo' in e.payload.contact))).toBe(true);
  });

  it('a colleague\'s edit of the owner\'s person goes out too; persons of other users and of one-way syncs never do', async () => {
    const owned = await owner.expectOk<{ id: string }>(owner.contacts('POST', '/persons', { name: 'Owned by the two-way user' }), 201);
    await colleague.expectOk(colleague.contacts('PATCH', `/persons/${owned.id}`, { jobTitle: 'Edited by a colleague' }));
    const theirs = await colleague.expectOk<{ id: string }>(colleague.contacts('POST', '/persons', { name: 'Colleague own' }), 201);
    const oneWayPerson = await oneWayOwner.expectOk<{ id: string }>(oneWayOwner.contacts('POST', '/persons', { name: 'One-way user own' }), 201);
    const all = await changes((c) => c.some((e) => e.payload.personId === owned.id && e.payload.personVersion === 2));
    expect(all.find((e) => e.payload.personId === owned.id && e.payload.personVersion === 2)?.payload.contact?.jobTitle).toBe('Edited by a colleague');
    // Every pending mark was cleared: nothing is waiting to go out for anyone.
    await eventually(async () => {
      const pending = await persons().countDocuments({ 'outbound.pendingAt': { $ne: null, $exists: true } });
      expect(pending).toBe(0);
    });
    expect(all.some((e) => e.payload.personId === theirs.id || e.payload.personId === oneWayPerson.id)).toBe(false);
    // Not merely "not seen yet": their changes were never recorded for publishing at all.
    for (const id of [theirs.id, oneWayPerson.id]) expect((await persons().findOne({ _id: new mongo.ObjectId(id) }))?.outbound).toBeUndefined();
    expect((await persons().findOne({ _id: new mongo.ObjectId(owned.id) }))?.outbound).toMatchObject({ accountId: twoWay, version: 2, pendingAt: null });
  });

  it('a delete follows the create it came after (writeback resolves the contact it created); nothing stays pending', async () => {
    const p = await owner.expectOk<{ id: string }>(owner.contacts('POST', '/persons', { name: 'Short-lived' }), 201);
    await changes((c) => c.some((e) => e.payload.personId === p.id));
    expect((await owner.contacts('DELETE', `/persons/${p.id}`)).status).toBe(204);
    const after = (await changes((c) => c.some((e) => e.payload.personId === p.id && e.payload.change === 'delete'))).filter((e) => e.payload.personId === p.id);
    expect(after.map((e) => [e.payload.personVersion, e.payload.change, e.payload.externalId, e.payload.contact])).toEqual([
      [1, 'upsert', null, expect.objectContaining({ name: expect.objectContaining({ displayName: 'Short-lived' }) })],
      [2, 'delete', null, null],
    ]);
    await eventually(async () => expect((await persons().findOne({ _id: new mongo.ObjectId(p.id) }))?.outbound).toMatchObject({ version: 2, pendingAt: null }));
  });
});
