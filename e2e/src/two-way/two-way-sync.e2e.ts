import { EmulatorAdmin, eventually, MicrosoftEmulatorAdmin } from '@contact-sync/testing';
import { TwoWayWorld, type Provider, type SyncedPerson } from './two-way-world';

/**
 * Two-way sync on the real stack, for both providers: CRM changes reach the provider through the
 * outbox, Kafka, writeback and the official clients; provider changes come back through refreshes;
 * both sides' edits are merged. Every scenario ends with two refreshes that change nothing on
 * either side (no ping-pong).
 */
jest.setTimeout(300_000);

const ADA = {
  name: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace',
  emails: [{ value: 'ada@work.example', primary: true }], phones: [{ value: '+44 20 7946 0000', label: 'mobile', primary: true }],
  address: { street: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'United Kingdom' },
  organization: 'Analytical Engines', jobTitle: 'Analyst', birthday: '1815-12-10', notes: 'CRM notes',
  instantMessengers: [{ value: 'ada@im.example', protocol: 'xmpp' }],
};

describe.each(['google', 'microsoft'] as const)('two-way sync with %s', (provider: Provider) => {
  let world: TwoWayWorld;
  let ada: SyncedPerson;
  let adaAt: string;

  beforeAll(async () => {
    world = await TwoWayWorld.create(provider);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('a person created in the CRM appears in the synced group with every synced field, linked to that person', async () => {
    ada = await world.create(ADA);
    const created = await world.untilAtProvider('Ada Lovelace');
    adaAt = created.externalId;
    expect(created.contact).toMatchObject({
      name: { displayName: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace' },
      emails: [expect.objectContaining({ value: 'ada@work.example' })],
      phones: [expect.objectContaining({ value: '+44 20 7946 0000' })],
      address: expect.objectContaining({ street: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH' }),
      organization: { name: 'Analytical Engines' }, jobTitle: 'Analyst', birthday: { year: 1815, month: 12, day: 10 },
      instantMessengers: [expect.objectContaining({ value: 'ada@im.example' })],
    });
    // Microsoft notes never leave the CRM; Google takes them.
    if (provider === 'microsoft') expect(created.contact).not.toHaveProperty('notes');
    else expect(created.contact.notes).toBe('CRM notes');
    expect(await world.lastChangeBy(adaAt)).toBe('api');
    await world.untilWrittenBack();
    const person = await world.person(ada.id);
    expect(person?.sync).toMatchObject({ accountId: world.accountId, error: null, pending: false });
    // The sync's echo of our own create is the same person, not a second one.
    await world.refresh();
    expect((await world.persons()).filter((p) => p.name === 'Ada Lovelace').map((p) => p.id)).toEqual([ada.id]);
    expect((await world.dashboard()).totals).toMatchObject({ provider: 1, crm: 1 });
    await world.expectQuiet();
  });

  it('a CRM edit updates the provider contact', async () => {
    const writes = await world.writes();
    await world.edit(ada.id, { jobTitle: 'Countess', phones: [{ value: '+44 20 7946 0001', label: 'work' }] });
    await world.untilAtProvider('Ada Lovelace', (c) => expect([c.contact.jobTitle, c.contact.phones.map((p) => p.value)]).toEqual(['Countess', ['+44 20 7946 0001']]));
    await world.untilWrittenBack();
    expect(await world.writes()).toBe(writes + 1);
    await world.expectQuiet();
  });

  it('a provider edit reaches the CRM at the next refresh', async () => {
    await world.userSetJobTitle(adaAt, 'Mathematician');
    await world.refresh();
    expect((await world.person(ada.id))?.customFields).toMatchObject({ job_title: 'Mathematician' });
    await world.expectQuiet();
  });

  it('different fields edited on both sides between two refreshes: both kept on both sides', async () => {
    await world.userSetMobile(adaAt, '+44 7700 900123');
    await world.edit(ada.id, { emails: [{ value: 'ada@new.example', primary: true }] });
    await world.untilWrittenBack();
    await world.refresh();
    const crm = await world.person(ada.id);
    expect([crm?.emails.map((e) => e.value), crm?.phones.map((p) => p.value)]).toEqual([['ada@new.example'], ['+44 7700 900123']]);
    const at = await world.contactNamed('Ada Lovelace');
    expect([at?.contact.emails.map((e) => e.value), at?.contact.phones.map((p) => p.value)]).toEqual([['ada@new.example'], ['+44 7700 900123']]);
    await world.expectQuiet();
  });

  it('the same field edited on both sides: the later edit wins, the other value is in the sync history', async () => {
    await world.userSetJobTitle(adaAt, 'Provider title');
    await new Promise((r) => setTimeout(r, 50)); // the CRM edit is strictly later
    await world.edit(ada.id, { jobTitle: 'CRM title' });
    await world.untilWrittenBack();
    await world.refresh();
    expect((await world.person(ada.id))?.customFields).toMatchObject({ job_title: 'CRM title' });
    expect((await world.contactNamed('Ada Lovelace'))?.contact.jobTitle).toBe('CRM title');
    const history = await world.history(ada.id);
    expect(history.items[0]?.decisions).toEqual([expect.objectContaining({ field: 'jobTitle', crmValue: 'CRM title', providerValue: 'Provider title', winner: 'crm' })]);
    await world.expectQuiet();
  });

  it('deleted in the CRM while edited at the provider: the edit wins and the person is restored', async () => {
    await world.userSetJobTitle(adaAt, 'Edited at the provider');
    await world.remove(ada.id);
    await eventually(async () => expect((await world.person(ada.id))?.customFields).toMatchObject({ job_title: 'Edited at the provider' }), { timeoutMs: 60_000 });
    expect(await world.contactNamed('Ada Lovelace')).toBeDefined();
    await world.refresh();
    expect((await world.persons()).filter((p) => p.name === 'Ada Lovelace')).toHaveLength(1);
    await world.expectQuiet();
  });

  it('deleted at the provider while edited in the CRM: the edit wins and the contact is recreated', async () => {
    await world.userDelete(adaAt);
    await world.edit(ada.id, { jobTitle: 'Still here' });
    const recreated = await world.untilAtProvider('Ada Lovelace', (c) => expect(c.contact.jobTitle).toBe('Still here'));
    expect(recreated.externalId).not.toBe(adaAt);
    adaAt = recreated.externalId;
    await world.untilWrittenBack();
    await world.refresh();
    expect((await world.persons()).filter((p) => p.name === 'Ada Lovelace').map((p) => p.id)).toEqual([ada.id]);
    expect((await world.contacts()).filter((c) => c.contact.name.displayName === 'Ada Lovelace')).toHaveLength(1);
    await world.expectQuiet();
  });

  it('a CRM delete deletes the provider contact; a provider delete deletes the person', async () => {
    await world.remove(ada.id);
    await eventually(async () => expect(await world.contactNamed('Ada Lovelace')).toBeUndefined(), { timeoutMs: 60_000 });
    const grace = await world.create({ name: 'Grace Hopper', emails: [{ value: 'grace@navy.example' }] });
    const at = await world.untilAtProvider('Grace Hopper');
    await world.untilWrittenBack();
    await world.userDelete(at.externalId);
    await world.refresh();
    expect(await world.person(grace.id)).toBeNull();
    await world.expectQuiet();
  });

  it(`${provider === 'microsoft' ? 'five e-mails: three at Outlook, five kept in the CRM after the echo' : 'five e-mails: all five at Google'}`, async () => {
    const emails = Array.from({ length: 5 }, (_, i) => ({ value: `mary${i}@x.example`, ...(i === 0 ? { primary: true } : {}) }));
    const mary = await world.create({ name: 'Mary Somerville', emails, notes: 'never to Outlook' });
    const at = await world.untilAtProvider('Mary Somerville');
    await world.untilWrittenBack();
    if (provider === 'microsoft') {
      expect(at.contact.emails.map((e) => e.value)).toEqual(emails.slice(0, 3).map((e) => e.value));
      expect(at.contact).not.toHaveProperty('notes');
      expect((await world.person(mary.id))?.sync?.notSyncedToProvider).toEqual([expect.objectContaining({ field: 'emails', value: 'mary3@x.example' }), expect.objectContaining({ field: 'emails', value: 'mary4@x.example' })]);
    } else {
      expect(at.contact.emails).toHaveLength(5);
    }
    await world.refresh();
    // The echo of our write (three e-mails on Outlook) never removes the other two.
    expect((await world.person(mary.id))?.emails).toHaveLength(5);
    // An edit at the provider of another field is merged without losing them either.
    await world.userSetJobTitle(at.externalId, 'Astronomer');
    await world.refresh();
    const after = await world.person(mary.id);
    expect([after?.emails.length, after?.customFields.job_title]).toEqual([5, 'Astronomer']);
    await world.expectQuiet();
  });

  it('a provider outage during a write is retried, and the result is the same', async () => {
    await world.admin.fault({ status: 503, count: 2, account: world.email, operation: provider === 'google' ? 'people.createContact' : 'graph.contacts.create' });
    const p = await world.create({ name: 'Emmy Noether', emails: [{ value: 'emmy@x.example' }] });
    await world.untilAtProvider('Emmy Noether');
    await world.untilWrittenBack();
    expect((await world.person(p.id))?.sync).toMatchObject({ error: null });
    expect(await world.admin.pendingFaults(world.email)).toEqual([]);
    await world.expectQuiet();
  });

  it("persons created together go out in the provider's batch call, each once", async () => {
    const writeback = world.stack.services.writeback;
    await writeback.stop();
    const names = Array.from({ length: 25 }, (_, i) => `Batch Person ${i}`);
    for (const name of names) await world.create({ name, emails: [{ value: `${name.replace(/ /g, '.')}@x.example` }] });
    const batchesBefore = await world.batchCalls();
    await writeback.start();
    await eventually(async () => {
      const at = (await world.contacts()).filter((c) => names.includes(c.contact.name.displayName ?? ''));
      if (at.length < names.length) throw new Error(`${at.length} of ${names.length} at the provider`);
    }, { timeoutMs: 90_000 });
    await world.untilWrittenBack();
    const at = (await world.contacts()).filter((c) => names.includes(c.contact.name.displayName ?? ''));
    expect(at.map((c) => c.contact.name.displayName).sort()).toEqual([...names].sort());
    // Google takes 200 per call, Graph 20: a few calls, not 25 (chunks that arrive while the
    // account is being written are merged into its next run).
    const batches = (await world.batchCalls()) - batchesBefore;
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(provider === 'google' ? 3 : 4);
    await world.refresh();
    expect((await world.persons()).filter((p) => names.includes(p.name))).toHaveLength(names.length);
    await world.expectQuiet();
  });

  it("persons deleted together go out in the provider's batch calls; one the user edited meanwhile is kept and restored", async () => {
    const names = Array.from({ length: 6 }, (_, i) => `Leaving Person ${i}`);
    const created = [];
    for (const name of names) created.push(await world.create({ name, emails: [{ value: `${name.replace(/ /g, '.')}@x.example` }] }));
    for (const name of names) await world.untilAtProvider(name);
    await world.untilWrittenBack();
    await world.refresh();
    const edited = await world.contactNamed(names[0] as string);
    const writeback = world.stack.services.writeback;
    await writeback.stop();
    await world.userSetJobTitle(edited!.externalId, 'Edited before the delete');
    for (const p of created) await world.remove(p.id);
    const [batchesBefore, deletesBefore] = [await world.batchCalls(), await world.admin.requestCount(world.email, provider === 'google' ? 'people.deleteContact' : 'graph.contacts.delete')];
    await writeback.start();
    await eventually(async () => {
      const left = (await world.contacts()).filter((c) => names.includes(c.contact.name.displayName ?? ''));
      if (left.length !== 1) throw new Error(`${left.length} of the ${names.length} still at the provider`);
    }, { timeoutMs: 90_000 });
    // The edit wins over the delete: the contact stays, the CRM restores the person with the edit.
    await eventually(async () => expect((await world.person(created[0]!.id))?.customFields).toMatchObject({ job_title: 'Edited before the delete' }), { timeoutMs: 60_000 });
    expect((await world.contacts()).filter((c) => names.includes(c.contact.name.displayName ?? '')).map((c) => c.externalId)).toEqual([edited!.externalId]);
    // Deletes queued together share a call (changes that arrive while the account is being written
    // go in its next run, so a few calls, not one per person). Graph: a $batch of reads, then one of
    // deletes, whose deletes the emulator counts one by one.
    const batches = (await world.batchCalls()) - batchesBefore;
    const singles = (await world.admin.requestCount(world.email, provider === 'google' ? 'people.deleteContact' : 'graph.contacts.delete')) - deletesBefore;
    if (provider === 'google') {
      expect(batches).toBeGreaterThanOrEqual(1);
      expect(batches + singles).toBeLessThanOrEqual(3);
    } else {
      expect(batches).toBeGreaterThanOrEqual(2);
      expect(singles).toBe(names.length - 1);
    }
    await world.untilWrittenBack();
    await world.refresh();
    expect((await world.persons()).filter((p) => names.includes(p.name)).map((p) => p.id)).toEqual([created[0]!.id]);
    await world.expectQuiet();
  });

  it('with the provider lagging (writes reach sync results later), our writes still come back as echoes, never as new persons', async () => {
    if (provider === 'google') await world.admin.call('PUT', '/google/settings', { writePropagationDelayMs: 1_500 });
    try {
      const p = await world.create({ name: 'Lagging Person', emails: [{ value: 'lag@x.example' }] });
      await world.untilAtProvider('Lagging Person');
      await world.untilWrittenBack();
      await world.refresh(); // the write is not in sync results yet
      await new Promise((r) => setTimeout(r, 1_600));
      await world.refresh(); // now it is: the echo of our create
      expect((await world.persons()).filter((x) => x.name === 'Lagging Person').map((x) => x.id)).toEqual([p.id]);
      await world.expectQuiet();
    } finally {
      if (provider === 'google') await world.admin.call('PUT', '/google/settings', { writePropagationDelayMs: 0 });
    }
  });

  it("a colleague's persons and a one-way sync's persons never go out", async () => {
    const before = await world.writes();
    // The colleague has no two-way sync: their persons stay in the CRM.
    const theirs = await world.create({ name: 'Katherine Johnson', emails: [{ value: 'kj@nasa.example' }] }, world.colleague);
    await world.edit(theirs.id, { jobTitle: 'Mathematician' }, world.colleague);
    // The colleague's own one-way sync: a person it brought in, edited in the CRM, stays in the CRM.
    const theirEmail = `one-way-${world.email}`;
    const theirGroup = await world.createAccount(theirEmail);
    if (provider === 'google') await (world.admin as EmulatorAdmin).seedPeople(theirEmail, [{ names: [{ givenName: 'Dorothy', familyName: 'Vaughan' }], groups: [theirGroup] }]);
    else await (world.admin as MicrosoftEmulatorAdmin).seedContacts(theirEmail, [{ givenName: 'Dorothy', surname: 'Vaughan', folderId: theirGroup }]);
    await world.connect(world.colleague, theirEmail, theirGroup, 'one_way');
    const dorothy = await eventually(async () => {
      const found = (await world.colleague.allPersons()).find((p) => p.name === 'Dorothy Vaughan');
      if (!found) throw new Error('not synced yet');
      return found;
    });
    await world.edit(dorothy.id, { jobTitle: 'Supervisor' }, world.colleague);
    // The owner edits the colleague's person (visible company-wide): not the owner's to write.
    await world.edit(theirs.id, { notes: 'edited by the two-way owner' });
    await new Promise((r) => setTimeout(r, 3_000)); // long enough for a write-back round trip
    expect(await world.writes()).toBe(before);
    expect(await world.writes(theirEmail)).toBe(0);
    expect((await world.contacts()).map((c) => c.contact.name.displayName)).not.toEqual(expect.arrayContaining(['Katherine Johnson', 'Dorothy Vaughan']));
    await world.expectQuiet();
  });

  it("ownership moved to a colleague ends the person's write-back: the contact stays at the provider and no longer changes the person", async () => {
    const lin = await world.create({ name: 'Lin Dalton', emails: [{ value: 'lin@x.example' }] });
    const at = await world.untilAtProvider('Lin Dalton');
    await world.untilWrittenBack();
    const moved = await world.owner.expectOk<SyncedPerson>(world.owner.contacts('PUT', `/persons/${lin.id}/owner`, { userId: world.colleague.userId }));
    expect(moved.ownerUserId).toBe(world.colleague.userId);
    const bad = await world.owner.contacts<{ message: string }>('PUT', `/persons/${lin.id}/owner`, { userId: 'nobody' });
    expect([bad.status, bad.body.message]).toEqual([400, expect.stringContaining('nobody')]);
    const writes = await world.writes();
    await world.edit(lin.id, { jobTitle: 'Moved' }, world.colleague);
    await world.userSetJobTitle(at.externalId, 'Edited by the old owner');
    await world.refresh();
    const after = await world.person(lin.id);
    expect([after?.ownerUserId, after?.customFields.job_title]).toEqual([world.colleague.userId, 'Moved']);
    expect((await world.persons()).filter((p) => p.name === 'Lin Dalton')).toHaveLength(1);
    expect(await world.contactNamed('Lin Dalton')).toBeDefined();
    expect(await world.writes()).toBe(writes);
    expect((await world.dashboard()).totals).toMatchObject({ difference: { ownershipMoved: 1, unexplained: 0 } });
    await world.expectQuiet();
  });

  it('the dashboard counts what each side holds', async () => {
    const d = await world.dashboard();
    const crm = (await world.persons()).filter((p) => p.ownerUserId === world.owner.userId && p.sync?.accountId === world.accountId);
    expect(d.totals).toMatchObject({ provider: (await world.contacts()).length, crm: crm.length, difference: { ownershipMoved: 1, unexplained: 0 } });
    expect(d.state).toBe('synced');
    expect(d.writeback).toMatchObject({ failed: { count: 0 } });
  });
});

