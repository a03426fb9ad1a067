import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { mongo } from 'mongoose';
import type { CanonicalContact } from '@contact-sync/contact-model';
import { googleGroupIdsOf, googlePersonToContact, graphContactToContact } from '@contact-sync/provider-adapters';
import {
  CrmUser, DirectoryAdmin, EmulatorAdmin, eventually, InfraInstance, KafkaProbe, MicrosoftEmulatorAdmin, startLocalStack, WORKSPACE_ROOT,
  type LocalStack, type SeedGraphContact,
} from '@contact-sync/testing';

/** How many contacts each provider's address book holds: enough to be mid-sync when a fault strikes. */
export const SEED_SIZE = { google: Number(process.env.FAULT_SEED_GOOGLE ?? 2000), microsoft: Number(process.env.FAULT_SEED_MICROSOFT ?? 1000) };
/** Bound of every settle: a full sync of the seed, a fault and its recovery. */
const SETTLE_TIMEOUT_MS = Number(process.env.FAULT_SETTLE_TIMEOUT_MS ?? 300_000);

const FAULT_LEASE_MS = process.env.FAULT_LEASE_MS ?? '15000';

export type Side = 'google' | 'microsoft';

export interface SyncedAccount {
  side: Side;
  email: string;
  accountId: string;
  /** Google contact group / Microsoft folder that is configured as the sync's scope. */
  groupId: string;
}

/** The seed used to pick fault points; printed so that a failure can be replayed (FAULT_SEED). */
export function faultRandom(label: string): () => number {
  let seed = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
  console.log(`[faults] ${label}: FAULT_SEED=${seed}`);
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31; // small LCG: reproducible, not cryptographic
    return seed / 2 ** 31;
  };
}

const googlePerson = (n: number, group: string) => ({
  groups: [group],
  names: [{ givenName: `Ada${n}`, familyName: `Lovelace${n % 97}` }],
  emailAddresses: [{ value: `ada${n}@fault.example`, type: 'work' }],
  phoneNumbers: [{ value: `+44 20 7946 ${String(n % 10000).padStart(4, '0')}`, type: 'mobile' }],
  organizations: [{ name: `Engines ${n % 13}`, title: 'Analyst' }],
});

const graphContact = (n: number, folderId: string): SeedGraphContact => ({
  folderId,
  givenName: `Alan${n}`,
  surname: `Turing${n % 89}`,
  displayName: `Alan${n} Turing${n % 89}`,
  emailAddresses: [{ name: `Alan${n}`, address: `alan${n}@fault.example` }],
  mobilePhone: `+44 161 496 ${String(n % 10000).padStart(4, '0')}`,
  companyName: `Bletchley ${n % 7}`,
});

/**
 * One seeded stack for a fault file: its own InfraInstance when the file stops the broker or the
 * database (never the shared one), a CRM user, and a Google and a Microsoft account in sync scope.
 */
export class FaultWorld {
  stack!: LocalStack;
  user!: CrmUser;
  google!: EmulatorAdmin;
  microsoft!: MicrosoftEmulatorAdmin;
  probe!: KafkaProbe;
  instance?: InfraInstance;
  accounts: SyncedAccount[] = [];
  private mongo!: mongo.MongoClient;
  private nextN = 0;

  static async create(options: { ownInfra?: boolean } = {}): Promise<FaultWorld> {
    const world = new FaultWorld();
    try {
      await world.init(options);
    } catch (err) {
      await world.close(); // a failed start must not leave an instance or processes behind
      throw err;
    }
    return world;
  }

  private async init(options: { ownInfra?: boolean }): Promise<void> {
    if (options.ownInfra) this.instance = await InfraInstance.start();
    // A killed ingest's pass is taken over once its lease lapses: a short lease keeps the suite short.
    this.stack = await startLocalStack({ infra: this.instance?.env, env: { ingest: { SYNC_LEASE_MS: FAULT_LEASE_MS } } });
    this.google = new EmulatorAdmin(this.stack.emulatorUrl);
    this.microsoft = new MicrosoftEmulatorAdmin(this.stack.emulatorUrl);
    this.probe = new KafkaProbe(this.stack.infra.kafkaBrokers, this.stack.namespace);
    // The driver mongoose bundles (the services' own); the database is read directly, not through our code.
    this.mongo = await mongo.MongoClient.connect(this.stack.infra.mongoUri);
    this.user = new CrmUser(`u-${randomUUID().slice(0, 8)}`, `co-${randomUUID().slice(0, 8)}`, { accounts: this.stack.accountsUrl, contacts: this.stack.contactsUrl }, this.stack.actorJwtSecret);
    const directory = new DirectoryAdmin(this.stack.contactsUrl, this.stack.internalApiToken);
    await directory.company(this.user.companyId, 'professional');
    await directory.user(this.user.companyId, this.user.userId, { roleId: null, globalAdmin: false, permissions: { addPeople: true, addOrganizations: true } });
  }

  async close(): Promise<void> {
    await this.probe?.close().catch(() => undefined);
    await this.mongo?.close().catch(() => undefined);
    await this.stack?.stop();
    // The servers' logs go beside the services' (.cache/logs/<namespace>/infra) before the instance is wiped.
    if (this.stack) await this.instance?.keepLogs(join(WORKSPACE_ROOT, '.cache/logs', this.stack.namespace, 'infra'));
    await this.instance?.destroy();
  }

  get contactsDb(): mongo.Db {
    return this.mongo.db(`${this.stack.namespace}_contacts`);
  }

  /** Seeds the provider in bulk (chunks of 500), then connects and configures; does not start. */
  async seedAndConnect(side: Side, size = SEED_SIZE[side]): Promise<SyncedAccount> {
    const email = `${side}-${randomUUID().slice(0, 6)}@fault.example`;
    let groupId: string;
    if (side === 'google') {
      await this.google.createAccount(email);
      groupId = await this.google.createGroup(email, 'Synced');
    } else {
      await this.microsoft.createAccount(email);
      groupId = await this.microsoft.createFolder(email, 'Synced');
    }
    await this.addContacts({ side, email, accountId: '', groupId }, size);
    const account = await this.user.connect(side, email);
    await this.user.expectOk(this.user.accounts('PUT', `/accounts/${account.id}/sync-config`, { groupId, direction: 'one_way', visibility: 'owner_only' }));
    const synced = { side, email, accountId: account.id, groupId };
    this.accounts.push(synced);
    return synced;
  }

  async addContacts(account: SyncedAccount, count: number): Promise<void> {
    for (let done = 0; done < count; done += 500) {
      const ns = Array.from({ length: Math.min(500, count - done) }, () => this.nextN++);
      if (account.side === 'google') await this.google.seedPeople(account.email, ns.map((n) => googlePerson(n, account.groupId)));
      else await this.microsoft.seedContacts(account.email, ns.map((n) => graphContact(n, account.groupId)));
    }
  }

  /** Changes, adds and deletes some contacts so that the next pass has work of every kind. */
  async churn(account: SyncedAccount, random: () => number, changes = 60): Promise<void> {
    const ids = (await this.providerContacts(account)).map((c) => c.externalId);
    const pick = () => ids.splice(Math.floor(random() * ids.length), 1)[0] as string;
    for (let i = 0; i < changes && ids.length; i++) {
      const id = pick();
      if (account.side === 'google') await this.google.patchPerson(account.email, id, { names: [{ givenName: `Changed${i}`, familyName: 'Fault' }] });
      else await this.microsoft.patchContact(account.email, id, { givenName: `Changed${i}`, surname: 'Fault', displayName: `Changed${i} Fault` });
    }
    for (let i = 0; i < changes / 6 && ids.length; i++) {
      const id = pick();
      if (account.side === 'google') await this.google.deletePerson(account.email, id);
      else await this.microsoft.deleteContact(account.email, id);
    }
    await this.addContacts(account, changes / 2);
  }

  async start(account: SyncedAccount): Promise<void> {
    await this.user.expectOk(this.user.accounts('POST', `/accounts/${account.accountId}/sync/start`), 202);
  }

  async refresh(account: SyncedAccount, full: boolean): Promise<void> {
    await this.user.expectOk(this.user.accounts('POST', `/accounts/${account.accountId}/sync/refresh`, { full }), 202);
  }

  async dashboard(account: SyncedAccount): Promise<Dashboard> {
    return (await this.user.expectOk<{ dashboard: Dashboard }>(this.user.accounts('GET', `/accounts/${account.accountId}`))).dashboard;
  }

  /** Persons of the account in the CRM database: not deleted, linked to the account. */
  async crmCount(account: SyncedAccount): Promise<number> {
    return this.contactsDb.collection('person_links').countDocuments({ accountId: account.accountId, deletedAt: null });
  }

  /** Resolves once the CRM holds at least `fraction` of the provider's contacts (a point mid-sync). */
  async untilCrmHolds(account: SyncedAccount, fraction: number): Promise<void> {
    const target = Math.floor(SEED_SIZE[account.side] * fraction);
    await eventually(async () => {
      const n = await this.crmCount(account);
      if (n < target) throw new Error(`CRM holds ${n} < ${target}`);
    }, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 100 });
  }

  /**
   * Waits (bounded) until the dashboard says synced and idle and the numbers stopped moving: two
   * reads 2 s apart agree on the dashboard totals and the database count. Then no fault injected
   * for the account may be left armed.
   */
  async settle(account: SyncedAccount): Promise<Dashboard> {
    let previous = '';
    const settled = await eventually(async () => {
      const dashboard = await this.dashboard(account);
      const snapshot = JSON.stringify({ state: dashboard.state, totals: dashboard.totals, crm: await this.crmCount(account) });
      const same = snapshot === previous;
      previous = snapshot;
      if (dashboard.state !== 'synced' || !same) throw new Error(`not settled: ${snapshot} ${JSON.stringify(dashboard.needsAttention ?? null)}`);
      return dashboard;
    }, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 2000 });
    // Settled with a fault still armed: it never struck, so the test proved nothing; and it would
    // strike the next test's pass instead.
    const unstruck = await (account.side === 'google' ? this.google : this.microsoft).pendingFaults(account.email);
    if (unstruck.length) throw new Error(`settled, but the injected fault never struck: ${JSON.stringify(unstruck)}`);
    return settled;
  }

  /** The provider's contacts in the sync's scope, mapped as the drivers map them. */
  async providerContacts(account: SyncedAccount): Promise<{ externalId: string; contact: CanonicalContact }[]> {
    if (account.side === 'google') {
      const people = await this.google.people(account.email);
      return people
        .filter((p) => googleGroupIdsOf(p as never).includes(account.groupId))
        .map((p) => ({ externalId: String(p.resourceName), contact: googlePersonToContact(p as never) }));
    }
    const contacts = await this.microsoft.contacts(account.email);
    return contacts
      .filter((c) => c.parentFolderId === account.groupId)
      .map((c) => ({ externalId: String(c.immutableId ?? c.id), contact: graphContactToContact(c as never) }));
  }
}

export interface Dashboard {
  state?: string;
  totals?: { provider?: number; crm?: number; difference?: { quarantined?: number; deadLettered?: number; awaitingDeletionConfirmation?: number; unexplained?: number } };
  needsAttention?: { code: string; message: string; action?: string } | null;
  quarantine?: { externalId: string; reason: string }[];
  deadLetters?: { count: number; samples: { externalId: string | null; reason: string }[] };
  [key: string]: unknown;
}
