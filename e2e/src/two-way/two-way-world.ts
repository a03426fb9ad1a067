import { randomUUID } from 'node:crypto';
import type { CanonicalContact } from '@contact-sync/contact-model';
import { googleGroupIdsOf, googlePersonToContact, graphContactToContact } from '@contact-sync/provider-adapters';
import { CrmUser, DirectoryAdmin, EmulatorAdmin, eventually, MicrosoftEmulatorAdmin, startLocalStack, type AdminHttp, type LocalStack, type PersonView } from '@contact-sync/testing';

export type Provider = 'google' | 'microsoft';

/** A person as contacts answers it, with the two-way status. */
export type SyncedPerson = PersonView & {
  updatedAt: string;
  sync: { accountId: string; error: { code: string; message: string } | null; notSyncedToProvider: { field: string; value: unknown }[]; pending: boolean } | null;
};

export interface ProviderContact {
  externalId: string;
  contact: CanonicalContact;
  etag: string;
}

/** The emulator operations that change a contact (provider writes; admin edits are not counted). */
const WRITE_OPERATIONS: Record<Provider, string[]> = {
  google: ['people.createContact', 'people.updateContact', 'people.deleteContact', 'people.batchCreateContacts', 'people.batchUpdateContacts', 'people.batchDeleteContacts'],
  // A `$batch` envelope is not counted: the emulator counts each of its requests under its own operation.
  microsoft: ['graph.contacts.create', 'graph.contacts.update', 'graph.contacts.delete'],
};
/** The emulator operations of the providers' batch write calls. */
const BATCH_OPERATIONS: Record<Provider, string[]> = {
  google: ['people.batchCreateContacts', 'people.batchUpdateContacts', 'people.batchDeleteContacts'],
  microsoft: ['graph.batch'],
};
const PULL_OPERATION: Record<Provider, string> = { google: 'people.connections.list', microsoft: 'graph.contacts.delta' };

/** Bound of every wait: a write-back round trip or a refresh with its apply. */
const SETTLE_TIMEOUT_MS = 90_000;

/**
 * One user with a two-way sync of one group/folder, on the real stack: CRM calls, what the user
 * does at the provider (the emulator's admin API, as in the provider's own app), and waits that
 * end when both sides are quiet.
 */
export class TwoWayWorld {
  stack!: LocalStack;
  owner!: CrmUser;
  /** A colleague in the same company, without any sync of their own unless a test connects one. */
  colleague!: CrmUser;
  directory!: DirectoryAdmin;
  admin!: AdminHttp;
  email = '';
  groupId = '';
  accountId = '';

  private constructor(readonly provider: Provider) {}

  static async create(provider: Provider, stack?: LocalStack): Promise<TwoWayWorld> {
    const world = new TwoWayWorld(provider);
    world.stack = stack ?? (await startLocalStack());
    const company = `co-${randomUUID().slice(0, 8)}`;
    const urls = { accounts: world.stack.accountsUrl, contacts: world.stack.contactsUrl };
    world.owner = new CrmUser(`u-${randomUUID().slice(0, 8)}`, company, urls, world.stack.actorJwtSecret);
    world.colleague = new CrmUser(`u-${randomUUID().slice(0, 8)}`, company, urls, world.stack.actorJwtSecret);
    world.directory = new DirectoryAdmin(world.stack.contactsUrl, world.stack.internalApiToken);
    await world.directory.company(company, 'professional');
    for (const u of [world.owner, world.colleague]) {
      await world.directory.user(company, u.userId, { roleId: null, globalAdmin: false, permissions: { addPeople: true, addOrganizations: true } });
    }
    world.email = `${provider}-${randomUUID().slice(0, 6)}@two-way.example`;
    world.admin = provider === 'google' ? new EmulatorAdmin(world.stack.emulatorUrl) : new MicrosoftEmulatorAdmin(world.stack.emulatorUrl);
    // Google asks for one mutation at a time per user: the emulator refuses overlapping ones (409),
    // and answers slowly enough for calls to overlap, so a write-back that did not serialise fails.
    // Graph's 4-in-flight limit per mailbox is on by default; the same latency makes write-back's
    // batches and the sync's photo downloads overlap in the mailbox, as at Outlook.
    if (provider === 'google') await world.admin.call('PUT', '/google/settings', { sequentialMutations: true, latencyMs: 5 });
    else await world.admin.call('PUT', '/microsoft/settings', { latencyMs: 5 });
    world.groupId = await world.createAccount(world.email);
    world.accountId = await world.connect(world.owner, world.email, world.groupId, 'two_way');
    return world;
  }

  /** A provider account with a "Clients" group/folder; returns the group id. */
  async createAccount(email: string): Promise<string> {
    if (this.admin instanceof EmulatorAdmin) {
      await this.admin.createAccount(email);
      return this.admin.createGroup(email, 'Clients');
    }
    const ms = this.admin as MicrosoftEmulatorAdmin;
    await ms.createAccount(email);
    return ms.createFolder(email, 'Clients');
  }

  /** Connect, configure through the accounts API and start; resolves when the first pass is applied. */
  async connect(user: CrmUser, email: string, groupId: string, direction: 'one_way' | 'two_way'): Promise<string> {
    const accountId = (await user.connect(this.provider, email)).id;
    await user.expectOk(user.accounts('PUT', `/accounts/${accountId}/sync-config`, { groupId, direction, visibility: 'entire_company' }));
    await user.expectOk(user.accounts('POST', `/accounts/${accountId}/sync/start`), 202);
    await this.untilSynced(user, accountId, null);
    return accountId;
  }

  async close(): Promise<void> {
    await this.stack?.stop();
  }

  // ---- the CRM side ----

  create(body: Record<string, unknown>, as: CrmUser = this.owner): Promise<SyncedPerson> {
    return as.expectOk<SyncedPerson>(as.contacts('POST', '/persons', body), 201);
  }

  edit(id: string, body: Record<string, unknown>, as: CrmUser = this.owner): Promise<SyncedPerson> {
    return as.expectOk<SyncedPerson>(as.contacts('PATCH', `/persons/${id}`, body));
  }

  async remove(id: string, as: CrmUser = this.owner): Promise<void> {
    const res = await as.contacts('DELETE', `/persons/${id}`);
    if (res.status !== 204) throw new Error(`delete ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  async person(id: string): Promise<SyncedPerson | null> {
    const res = await this.owner.contacts<SyncedPerson>('GET', `/persons/${id}`);
    return res.status === 200 ? res.body : null;
  }

  async persons(): Promise<SyncedPerson[]> {
    return (await this.owner.allPersons()) as SyncedPerson[];
  }

  history(id: string) {
    return this.owner.expectOk<{ items: { during: string; decisions: { field: string; crmValue: unknown; providerValue: unknown; winner: string; reason: string }[] }[] }>(
      this.owner.contacts('GET', `/persons/${id}/sync-history`),
    );
  }

  // ---- the provider side ----

  /** The contacts of the synced group, as the drivers map them. */
  async contacts(email = this.email, groupId = this.groupId): Promise<ProviderContact[]> {
    if (this.admin instanceof EmulatorAdmin) {
      return (await this.admin.people(email))
        .filter((p) => googleGroupIdsOf(p as never).includes(groupId))
        .map((p) => ({ externalId: String(p.resourceName), contact: googlePersonToContact(p as never), etag: String(p.etag) }));
    }
    return (await (this.admin as MicrosoftEmulatorAdmin).contacts(email))
      .filter((c) => c.parentFolderId === groupId)
      .map((c) => ({ externalId: String(c.immutableId ?? c.id), contact: graphContactToContact(c as never), etag: String(c.changeKey) }));
  }

  async contactNamed(name: string): Promise<ProviderContact | undefined> {
    return (await this.contacts()).find((c) => c.contact.name.displayName === name);
  }

  /** Waits until the provider holds a contact of that name in the group. */
  untilAtProvider(name: string, check: (c: ProviderContact) => void = () => undefined): Promise<ProviderContact> {
    return eventually(async () => {
      const c = await this.contactNamed(name);
      if (!c) throw new Error(`${name} is not at the provider yet`);
      check(c);
      return c;
    }, { timeoutMs: SETTLE_TIMEOUT_MS });
  }

  /** Who made the contact's last change: 'api' (our writes) or 'admin' (the user, at the provider). */
  async lastChangeBy(externalId: string): Promise<string> {
    const path = this.provider === 'google'
      ? `/google/accounts/${this.email}/people/${externalId.replace('people/', '')}/last-change`
      : `/microsoft/accounts/${this.email}/contacts/${encodeURIComponent(externalId)}/last-change`;
    return (await this.admin.call<{ by: string }>('GET', path)).by;
  }

  /** The user changes the job title at the provider. */
  async userSetJobTitle(externalId: string, title: string, company = 'Analytical Engines'): Promise<void> {
    if (this.admin instanceof EmulatorAdmin) await this.admin.patchPerson(this.email, externalId, { organizations: [{ name: company, title }] });
    else await (this.admin as MicrosoftEmulatorAdmin).patchContact(this.email, externalId, { jobTitle: title });
  }

  /** The user replaces the phones at the provider with one mobile number. */
  async userSetMobile(externalId: string, phone: string): Promise<void> {
    if (this.admin instanceof EmulatorAdmin) await this.admin.patchPerson(this.email, externalId, { phoneNumbers: [{ value: phone, type: 'mobile' }] });
    else await (this.admin as MicrosoftEmulatorAdmin).patchContact(this.email, externalId, { mobilePhone: phone, businessPhones: [], homePhones: [] });
  }

  /**
   * The user adds a contact to the synced group at the provider (as in the provider's own app);
   * returns its id (Google resource name / Graph id).
   */
  async userCreate(person: { givenName: string; familyName: string; email?: string; phone?: string; jobTitle?: string; company?: string }): Promise<string> {
    if (this.admin instanceof EmulatorAdmin) {
      const [id] = await this.admin.seedPeople(this.email, [{
        names: [{ givenName: person.givenName, familyName: person.familyName }],
        groups: [this.groupId],
        ...(person.email ? { emailAddresses: [{ value: person.email, type: 'work' }] } : {}),
        ...(person.phone ? { phoneNumbers: [{ value: person.phone, type: 'mobile' }] } : {}),
        ...(person.jobTitle || person.company ? { organizations: [{ ...(person.company ? { name: person.company } : {}), ...(person.jobTitle ? { title: person.jobTitle } : {}) }] } : {}),
      }]);
      return id as string;
    }
    const [id] = await (this.admin as MicrosoftEmulatorAdmin).seedContacts(this.email, [{
      folderId: this.groupId,
      givenName: person.givenName,
      surname: person.familyName,
      displayName: `${person.givenName} ${person.familyName}`,
      ...(person.email ? { emailAddresses: [{ address: person.email, name: person.givenName }] } : {}),
      ...(person.phone ? { mobilePhone: person.phone } : {}),
      ...(person.jobTitle ? { jobTitle: person.jobTitle } : {}),
      ...(person.company ? { companyName: person.company } : {}),
    }]);
    return id as string;
  }

  /** The user replaces the e-mail addresses at the provider (Outlook holds at most three). */
  async userSetEmails(externalId: string, emails: string[]): Promise<void> {
    if (this.admin instanceof EmulatorAdmin) await this.admin.patchPerson(this.email, externalId, { emailAddresses: emails.map((value) => ({ value, type: 'work' })) });
    else await (this.admin as MicrosoftEmulatorAdmin).patchContact(this.email, externalId, { emailAddresses: emails.map((address) => ({ address })) });
  }

  /** The user renames the contact at the provider (given and family name; the display name follows). */
  async userRename(externalId: string, givenName: string, familyName: string): Promise<void> {
    if (this.admin instanceof EmulatorAdmin) await this.admin.patchPerson(this.email, externalId, { names: [{ givenName, familyName }] });
    else await (this.admin as MicrosoftEmulatorAdmin).patchContact(this.email, externalId, { givenName, surname: familyName, displayName: `${givenName} ${familyName}` });
  }

  /** The user edits the notes at the provider (Google biographies; Outlook's personalNotes, which are never synced). */
  async userSetNotes(externalId: string, notes: string): Promise<void> {
    if (this.admin instanceof EmulatorAdmin) await this.admin.patchPerson(this.email, externalId, { biographies: [{ value: notes, contentType: 'TEXT_PLAIN' }] });
    else await (this.admin as MicrosoftEmulatorAdmin).patchContact(this.email, externalId, { personalNotes: notes });
  }

  async userDelete(externalId: string): Promise<void> {
    if (this.admin instanceof EmulatorAdmin) await this.admin.deletePerson(this.email, externalId);
    else await (this.admin as MicrosoftEmulatorAdmin).deleteContact(this.email, externalId);
  }

  /** Contact writes our services made at the provider (all accounts: a stray write anywhere counts). */
  async writes(email?: string): Promise<number> {
    let n = 0;
    for (const op of WRITE_OPERATIONS[this.provider]) n += await this.admin.requestCount(email, op);
    return n;
  }

  /** Provider write operations of this account, one count per operation (create, update, delete). */
  async writesByOperation(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const op of WRITE_OPERATIONS[this.provider]) counts[op] = await this.admin.requestCount(this.email, op);
    return counts;
  }

  /** Single-contact reads of this account (write-back reads a contact before each write attempt). */
  reads(): Promise<number> {
    return this.admin.requestCount(this.email, this.provider === 'google' ? 'people.get' : 'graph.contacts.get');
  }

  /** Batch write calls our services made at the provider (one call, many contacts). */
  async batchCalls(email = this.email): Promise<number> {
    let n = 0;
    for (const op of BATCH_OPERATIONS[this.provider]) n += await this.admin.requestCount(email, op);
    return n;
  }

  // ---- waits ----

  /** A refresh of the sync, then until its pass is applied and every CRM change is written back. */
  async refresh(user: CrmUser = this.owner, accountId = this.accountId): Promise<void> {
    const before = await this.lastRunId(user, accountId);
    await user.expectOk(user.accounts('POST', `/accounts/${accountId}/sync/refresh`, { full: false }), 202);
    await this.untilSynced(user, accountId, before);
  }

  /** Until no person of the owner waits for write-back (pending outbox or result not yet back). */
  async untilWrittenBack(): Promise<void> {
    await eventually(async () => {
      const pending = (await this.persons()).filter((p) => p.sync?.pending);
      if (pending.length) throw new Error(`write-back pending for ${pending.map((p) => p.name).join(', ')}`);
    }, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 200 });
  }

  /**
   * Two refreshes in a row change nothing on either side: no provider write, no person touched,
   * no addition, update or deletion counted.
   */
  async expectQuiet(): Promise<void> {
    await this.untilWrittenBack();
    const writes = await this.writes();
    const snapshot = JSON.stringify((await this.persons()).map((p) => [p.id, p.updatedAt]).sort());
    for (let i = 0; i < 2; i++) {
      await this.refresh();
      await this.untilWrittenBack();
      // The first refresh after one of our writes may carry its echo (ingest cannot tell it from a
      // user's change); contacts recognises it: nothing added, updated or deleted.
      const activity = (await this.dashboard()).activity as { lastRun: object };
      expect(activity.lastRun).toMatchObject({ added: 0, updated: 0, deleted: 0 });
    }
    expect(await this.writes()).toBe(writes);
    expect(JSON.stringify((await this.persons()).map((p) => [p.id, p.updatedAt]).sort())).toBe(snapshot);
  }

  async dashboard(user: CrmUser = this.owner, accountId = this.accountId): Promise<Record<string, unknown>> {
    return (await user.expectOk<{ dashboard: Record<string, unknown> }>(user.accounts('GET', `/accounts/${accountId}`))).dashboard;
  }

  private async lastRunId(user: CrmUser, accountId: string): Promise<string | null> {
    const run = (await this.dashboard(user, accountId)).lastRun as { syncRunId: string } | null;
    return run?.syncRunId ?? null;
  }

  private async untilSynced(user: CrmUser, accountId: string, after: string | null): Promise<void> {
    await eventually(async () => {
      const d = await this.dashboard(user, accountId);
      const run = d.lastRun as { syncRunId: string } | null;
      if (!run || run.syncRunId === after || d.state !== 'synced') throw new Error(`sync not done: ${String(d.state)} ${JSON.stringify(d.needsAttention ?? null)}`);
    }, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 200 });
  }

  pulls(): Promise<number> {
    return this.admin.requestCount(this.email, PULL_OPERATION[this.provider]);
  }
}
