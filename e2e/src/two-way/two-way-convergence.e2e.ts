import { mongo, Types } from 'mongoose';
import { compact, FIELD_RULES, MERGED_FIELDS, personToContact, stableStringify, toPersonFields, type CanonicalContact, type ContactAddress, type MergedField, type PersonCustomFieldValues } from '@contact-sync/contact-model';
import { mulberry32, startLocalStack, type LocalStack, type ServiceName } from '@contact-sync/testing';
import { TwoWayWorld, type ProviderContact, type Provider, type SyncedPerson } from './two-way-world';

/**
 * Randomized convergence of two-way sync on the real stack, for both providers: a few hundred
 * random creates, edits and deletes on both sides (the CRM API and the user at the provider),
 * interleaved with refreshes, one service restarted at a random moment. At the end both sides hold
 * the same synced fields for every linked person, nothing is duplicated, the provider saw no more
 * writes than the CRM made changes (plus conflict retries), and two refreshes change nothing.
 *
 * Replay: CONVERGENCE_SEED=<seed> (printed at the start and named in every failure). The seed fixes
 * the sequence of operation choices (kinds, targets, values, the restart); what the services do
 * with racing changes still depends on timing, so a replay reproduces the same script, not always
 * the same interleaving. CONVERGENCE_OPS changes the number of operations per provider,
 * CONVERGENCE_PROVIDERS (e.g. "microsoft") runs one provider only, CONVERGENCE_WEIGHTS (JSON, e.g.
 * '{"providerDelete":0}') changes the mix of operations.
 */
jest.setTimeout(900_000);

const DEFAULT_SEED = 20261203;
const SEED = Number(process.env.CONVERGENCE_SEED ?? DEFAULT_SEED);
if (!Number.isSafeInteger(SEED)) throw new Error(`CONVERGENCE_SEED must be an integer, got ${process.env.CONVERGENCE_SEED}`);
const OPS = Number(process.env.CONVERGENCE_OPS ?? 240);
const PROVIDERS = (process.env.CONVERGENCE_PROVIDERS?.split(',') ?? ['google', 'microsoft']) as Provider[];
/** Refreshes of the final settle, at most (two in a row must change nothing). */
const MAX_SETTLE_REFRESHES = 8;
/**
 * Provider deletions (ours and the user's) between two refreshes, at most: ingest holds a pass's
 * deletions for confirmation from 10 on (MASS_DELETION_MIN_COUNT), which is not what this test is about.
 */
const MAX_DELETES_PER_PASS = 5;
/**
 * Conflict retries cannot be counted from outside: writeback detects a conflict by reading the
 * contact and comparing its etag/changeKey before it writes (libs/provider-adapters writers), so a
 * retry costs a provider write only when Google's own etag check refuses an updateContact (the user
 * changed the contact in the milliseconds between the writer's read and its write; Graph has no such
 * check). This slack covers those.
 */
const CONFLICT_RETRY_SLACK = 3;

class Dice {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }
  weighted<T extends string>(weights: Record<T, number>): T {
    const entries = Object.entries(weights) as [T, number][];
    let r = this.next() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [k, w] of entries) if ((r -= w) < 0) return k;
    return (entries[entries.length - 1] as [T, number])[0];
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const failure = (message: string) => new Error(`[CONVERGENCE_SEED=${SEED}] ${message}`);
/** Runs `fn`; a failure is rethrown with the seed in its message. */
async function withSeed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    e.message = `[CONVERGENCE_SEED=${SEED}] ${what}: ${e.message}`;
    throw e;
  }
}

// ---- what the services compare (contact-model's person mapping, as contacts uses it) ----
// The provider side goes through the drivers' own mappers (TwoWayWorld.contacts).

/** A CRM person's synced fields (as the API shows them) as a canonical contact. */
function crmContact(p: SyncedPerson): CanonicalContact {
  return personToContact({
    name: p.name,
    firstName: p.firstName,
    lastName: p.lastName,
    emails: p.emails,
    phones: p.phones,
    address: p.address as ContactAddress | null,
    organizationName: p.organization?.name ?? null,
    customFields: p.customFields as PersonCustomFieldValues,
  });
}

/** A contact as a CRM person can hold it (contacts' asPersonHolds: toPersonFields, then personToContact). */
function asPersonHolds(c: CanonicalContact): CanonicalContact {
  return personToContact(toPersonFields(c));
}

const same = (a: unknown, b: unknown) => stableStringify(a ?? null) === stableStringify(b ?? null);
const valuesOf = (v: unknown): string[] => (Array.isArray(v) ? v.map((x: { value: string }) => x.value) : []);

/** The generated, never-changing part of every name: given name "Cv<n>". */
const TOKEN = /^Cv(\d+)$/;
const tokenOfPerson = (p: SyncedPerson): number | null => {
  const m = (p.firstName ?? '').match(TOKEN);
  return m ? Number(m[1]) : null;
};
const tokenOfContact = (c: ProviderContact): number | null => {
  const m = (c.contact.name.givenName ?? '').match(TOKEN);
  return m ? Number(m[1]) : null;
};

const FAMILY_NAMES = ['Lovelace', 'Hopper', 'Noether', 'Turing', 'Babbage', 'Somerville', 'Curie', 'Franklin', 'Meitner', 'Hamilton'];
const ORGANIZATIONS = ['Analytical Engines', 'Bletchley Park', 'Navy Labs', 'Royal Society', 'Harwell'];
const CITIES = ['London', 'Cambridge', 'Oxford', 'Manchester', 'Edinburgh'];
const RESTARTABLE: ServiceName[] = ['ingest', 'contacts', 'writeback'];

type OpKind =
  | 'crmCreate' | 'crmEdit' | 'crmDelete'
  | 'providerCreate' | 'providerEdit' | 'providerDelete'
  | 'bothEdit' | 'crmDeleteVsProviderEdit' | 'providerDeleteVsCrmEdit'
  | 'refresh' | 'pause';

const WEIGHTS: Record<OpKind, number> = {
  crmCreate: 11, crmEdit: 22, crmDelete: 5,
  providerCreate: 8, providerEdit: 19, providerDelete: 4,
  bothEdit: 8, crmDeleteVsProviderEdit: 2, providerDeleteVsCrmEdit: 2,
  refresh: 15, pause: 4,
  ...(JSON.parse(process.env.CONVERGENCE_WEIGHTS ?? '{}') as Partial<Record<OpKind, number>>),
};

interface Counters {
  crmCreates: number;
  crmEdits: number;
  crmDeletes: number;
  providerCreates: number;
  providerEdits: number;
  providerDeletes: number;
  skipped: number;
  refreshes: number;
}

/** One provider's run: the random script, what it counted, and the checks at the end. */
class ConvergenceRun {
  readonly dice: Dice;
  readonly log: string[] = [];
  readonly counters: Counters = { crmCreates: 0, crmEdits: 0, crmDeletes: 0, providerCreates: 0, providerEdits: 0, providerDeletes: 0, skipped: 0, refreshes: 0 };
  readonly kinds: Partial<Record<OpKind, number>> = {};
  /** Tokens believed live (reconciled with both sides at every refresh). */
  private live: number[] = [];
  private nextToken = 1;
  private nextValue = 1;
  private deletesSinceRefresh = 0;
  private op = 0;
  restart: { at: number; service: ServiceName; mode: 'graceful' | 'kill' } | null = null;
  restartNote = '';
  writesBefore: Record<string, number> = {};
  readsBefore = 0;
  timings: Record<string, number> = {};

  constructor(
    readonly world: TwoWayWorld,
    readonly provider: Provider,
    readonly db: mongo.Db,
  ) {
    this.dice = new Dice(mulberry32((SEED ^ (provider === 'google' ? 0 : 0x5bd1e995)) >>> 0));
  }

  get crmChanges(): number {
    return this.counters.crmCreates + this.counters.crmEdits + this.counters.crmDeletes;
  }

  private note(text: string): void {
    this.log.push(`#${this.op} ${text}`);
  }

  private value(): number {
    return this.nextValue++;
  }

  private phone(): string {
    return `+44 20 7946 ${String(this.value() % 10000).padStart(4, '0')}`;
  }

  // ---- the script ----

  async operate(): Promise<void> {
    const started = Date.now();
    this.writesBefore = await this.world.writesByOperation();
    this.readsBefore = await this.world.reads();
    const at = Math.floor(OPS * (0.2 + this.dice.next() * 0.6));
    this.restart = { at, service: this.dice.pick(RESTARTABLE), mode: this.dice.chance(0.5) ? 'kill' : 'graceful' };
    console.log(`[convergence] ${this.provider}: ${OPS} operations; ${this.restart.mode === 'kill' ? 'kill -9' : 'graceful stop'} + start of ${this.restart.service} after operation ${at}`);
    for (this.op = 0; this.op < OPS; this.op++) {
      if (this.op === this.restart.at) await this.restartService();
      // A mass deletion would be held for confirmation: refresh before it could build up.
      let kind = this.dice.weighted(WEIGHTS);
      if (this.deletesSinceRefresh >= MAX_DELETES_PER_PASS && /Delete/.test(kind)) kind = 'refresh';
      this.kinds[kind] = (this.kinds[kind] ?? 0) + 1;
      await withSeed(`operation #${this.op} (${kind})`, () => this.run(kind));
    }
    this.timings.operations = Date.now() - started;
  }

  private async run(kind: OpKind): Promise<void> {
    if (kind !== 'crmCreate' && kind !== 'providerCreate' && kind !== 'refresh' && kind !== 'pause' && this.live.length === 0) kind = this.dice.chance(0.5) ? 'crmCreate' : 'providerCreate';
    switch (kind) {
      case 'crmCreate': return this.crmCreate();
      case 'providerCreate': return this.providerCreate();
      case 'crmEdit': return this.crmEdit(this.dice.pick(this.live));
      case 'providerEdit': return this.providerEdit(this.dice.pick(this.live));
      case 'crmDelete': return this.crmDelete(this.dice.pick(this.live));
      case 'providerDelete': return this.providerDelete(this.dice.pick(this.live));
      case 'bothEdit': {
        // The same person edited on both sides between two refreshes, in a random order.
        const token = this.dice.pick(this.live);
        if (this.dice.chance(0.5)) {
          await this.crmEdit(token);
          await this.providerEdit(token);
        } else {
          await this.providerEdit(token);
          await this.crmEdit(token);
        }
        return;
      }
      case 'crmDeleteVsProviderEdit': {
        const token = this.dice.pick(this.live);
        await this.providerEdit(token);
        await this.crmDelete(token, false);
        return;
      }
      case 'providerDeleteVsCrmEdit': {
        const token = this.dice.pick(this.live);
        await this.providerDelete(token, false);
        await this.crmEdit(token);
        return;
      }
      case 'refresh': return this.refresh();
      case 'pause': {
        const ms = 100 + this.dice.int(900);
        this.note(`pause ${ms} ms`);
        await sleep(ms);
        return;
      }
    }
  }

  private async refresh(): Promise<void> {
    const t = Date.now();
    await this.refreshOrExplain();
    this.counters.refreshes++;
    this.deletesSinceRefresh = 0;
    // Reconcile the script's idea of what lives with both sides (restores, recreations, deletes that reached the other side).
    const [persons, contacts] = await Promise.all([this.world.persons(), this.world.contacts()]);
    const present = new Set([...persons.map(tokenOfPerson), ...contacts.map(tokenOfContact)].filter((n): n is number => n !== null));
    this.live = [...present].sort((a, b) => a - b);
    this.note(`refresh (${Date.now() - t} ms): ${persons.length} persons, ${contacts.length} contacts`);
  }

  private async personOf(token: number): Promise<SyncedPerson | undefined> {
    return (await this.world.persons()).find((p) => tokenOfPerson(p) === token);
  }

  private async contactOf(token: number): Promise<ProviderContact | undefined> {
    return (await this.world.contacts()).find((c) => tokenOfContact(c) === token);
  }

  private async crmCreate(): Promise<void> {
    const token = this.nextToken++;
    const family = this.dice.pick(FAMILY_NAMES);
    const body: Record<string, unknown> = { name: `Cv${token} ${family}`, firstName: `Cv${token}`, lastName: family, ...this.fields(token, this.dice.int(3) + 1) };
    await this.world.create(body);
    this.counters.crmCreates++;
    this.live.push(token);
    this.note(`CRM create Cv${token} ${JSON.stringify(body)}`);
  }

  /** Random values for a few synced fields (Microsoft: more e-mails and business phones than Outlook holds, at times). */
  private fields(token: number, count: number): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    const ms = this.provider === 'microsoft';
    for (let i = 0; i < count; i++) {
      const field = this.dice.weighted({ jobTitle: 5, phones: 5, emails: 5, notes: 3, organization: 2, name: 2, birthday: 1, address: 1 });
      switch (field) {
        case 'jobTitle':
          body.jobTitle = this.dice.chance(0.15) ? null : `Title ${this.value()}`;
          break;
        case 'phones': {
          const n = this.dice.int(ms ? 5 : 4);
          body.phones = Array.from({ length: n }, (_, k) => compact({ value: this.phone(), label: this.dice.pick(ms ? ['work', 'work', 'mobile', 'home'] : ['work', 'mobile', 'home']), primary: k === 0 && this.dice.chance(0.5) ? true : undefined }));
          break;
        }
        case 'emails': {
          const n = this.dice.int(ms ? 6 : 4);
          body.emails = Array.from({ length: n }, (_, k) => compact({ value: `cv${token}.${this.value()}@conv.example`, label: this.dice.chance(0.5) ? 'work' : undefined, primary: k === 0 && this.dice.chance(0.5) ? true : undefined }));
          break;
        }
        case 'notes':
          body.notes = this.dice.chance(0.2) ? null : `Notes ${this.value()}`;
          break;
        case 'organization':
          body.organization = this.dice.chance(0.2) ? null : this.dice.pick(ORGANIZATIONS);
          break;
        case 'name': {
          const family = `${this.dice.pick(FAMILY_NAMES)}${this.value()}`;
          body.name = `Cv${token} ${family}`;
          body.lastName = family;
          break;
        }
        case 'birthday':
          body.birthday = this.dice.chance(0.2) ? null : `19${10 + this.dice.int(80)}-${String(1 + this.dice.int(12)).padStart(2, '0')}-${String(1 + this.dice.int(28)).padStart(2, '0')}`;
          break;
        case 'address':
          body.address = this.dice.chance(0.2) ? null : { street: `${this.value()} High Street`, city: this.dice.pick(CITIES), postalCode: `SW${this.dice.int(20)} ${this.dice.int(9)}AA`, country: 'United Kingdom' };
          break;
      }
    }
    return body;
  }

  private async crmEdit(token: number): Promise<void> {
    const body = this.fields(token, 1 + this.dice.int(2));
    if (!Object.keys(body).length) body.jobTitle = `Title ${this.value()}`;
    const person = await this.personOf(token);
    if (!person) return this.skip(`CRM edit Cv${token}: no such person (now)`);
    const res = await this.world.owner.contacts('PATCH', `/persons/${person.id}`, body);
    if (res.status === 404) return this.skip(`CRM edit Cv${token}: 404 (deleted meanwhile)`);
    if (res.status !== 200) throw failure(`CRM edit Cv${token} ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
    this.counters.crmEdits++;
    this.note(`CRM edit Cv${token} (${person.id}) ${JSON.stringify(body)}`);
  }

  private async crmDelete(token: number, forget = true): Promise<void> {
    const person = await this.personOf(token);
    if (!person) return this.skip(`CRM delete Cv${token}: no such person (now)`);
    const res = await this.world.owner.contacts('DELETE', `/persons/${person.id}`);
    if (res.status === 404) return this.skip(`CRM delete Cv${token}: 404 (deleted meanwhile)`);
    if (res.status !== 204) throw failure(`CRM delete Cv${token}: ${res.status} ${JSON.stringify(res.body)}`);
    this.counters.crmDeletes++;
    this.deletesSinceRefresh++;
    if (forget) this.live = this.live.filter((t) => t !== token);
    this.note(`CRM delete Cv${token} (${person.id})`);
  }

  private async providerCreate(): Promise<void> {
    const token = this.nextToken++;
    const person = {
      givenName: `Cv${token}`,
      familyName: this.dice.pick(FAMILY_NAMES),
      email: this.dice.chance(0.7) ? `cv${token}.${this.value()}@provider.example` : undefined,
      phone: this.dice.chance(0.6) ? this.phone() : undefined,
      jobTitle: this.dice.chance(0.5) ? `Title ${this.value()}` : undefined,
      company: this.dice.chance(0.4) ? this.dice.pick(ORGANIZATIONS) : undefined,
    };
    const id = await this.world.userCreate(person);
    this.counters.providerCreates++;
    this.live.push(token);
    this.note(`provider create Cv${token} (${id}) ${JSON.stringify(person)}`);
  }

  private async providerEdit(token: number): Promise<void> {
    const edit = this.dice.weighted({ jobTitle: 5, mobile: 4, emails: 4, rename: 2, notes: 2 });
    const v = this.value();
    const family = `${this.dice.pick(FAMILY_NAMES)}${v}`;
    const company = this.dice.pick(ORGANIZATIONS);
    const emails = Array.from({ length: 1 + this.dice.int(2) }, (_, i) => `cv${token}.p${v}.${i}@provider.example`);
    const phone = this.phone();
    const contact = await this.contactOf(token);
    if (!contact) return this.skip(`provider edit Cv${token} (${edit}): not at the provider (now)`);
    const id = contact.externalId;
    const what = await this.gone(async () => {
      switch (edit) {
        case 'jobTitle': await this.world.userSetJobTitle(id, `Title ${v}`, company); return `jobTitle "Title ${v}", company ${company}`;
        case 'mobile': await this.world.userSetMobile(id, phone); return `phones [mobile ${phone}]`;
        case 'emails': await this.world.userSetEmails(id, emails); return `emails ${emails.join(', ')}`;
        case 'rename': await this.world.userRename(id, `Cv${token}`, family); return `name Cv${token} ${family}`;
        case 'notes': await this.world.userSetNotes(id, `Provider notes ${v}`); return `notes "Provider notes ${v}"`;
      }
    });
    if (what === null) return this.skip(`provider edit Cv${token} (${id}): 404 (deleted meanwhile)`);
    this.counters.providerEdits++;
    this.note(`provider edit Cv${token} (${id}) ${what}`);
  }

  private async providerDelete(token: number, forget = true): Promise<void> {
    const contact = await this.contactOf(token);
    if (!contact) return this.skip(`provider delete Cv${token}: not at the provider (now)`);
    if ((await this.gone(() => this.world.userDelete(contact.externalId))) === null) return this.skip(`provider delete Cv${token} (${contact.externalId}): 404 (deleted meanwhile)`);
    this.counters.providerDeletes++;
    this.deletesSinceRefresh++;
    if (forget) this.live = this.live.filter((t) => t !== token);
    this.note(`provider delete Cv${token} (${contact.externalId})`);
  }

  /** An admin call on a contact that writeback may have deleted a moment ago: null when it had. */
  private async gone<T>(call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof Error && / 404 /.test(err.message)) return null;
      throw err;
    }
  }

  private skip(text: string): void {
    this.counters.skipped++;
    this.note(`skipped: ${text}`);
  }

  /**
   * Graceful stop or kill -9 of one service while work is in flight, then a start: a burst of CRM
   * edits (write-backs on their way) and a refresh request (a pass starting), then the stop a
   * random moment later.
   */
  private async restartService(): Promise<void> {
    const { service, mode } = this.restart as NonNullable<ConvergenceRun['restart']>;
    const t = Date.now();
    const proc = this.world.stack.services[service];
    const burst = 2 + this.dice.int(4);
    for (let i = 0; i < burst && this.live.length; i++) await this.crmEdit(this.dice.pick(this.live));
    await this.world.owner.expectOk(this.world.owner.accounts('POST', `/accounts/${this.world.accountId}/sync/refresh`, { full: false }), 202);
    const delay = this.dice.int(service === 'ingest' ? 1500 : 150);
    await sleep(delay);
    // Read from the database: fast, and whatever service is about to go down.
    const pending = await this.db.collection('persons').countDocuments({ 'outbound.pendingAt': { $ne: null } });
    const unreported = (await this.db.collection('persons').find({ outbound: { $exists: true } }, { projection: { outbound: 1, writeback: 1 } }).toArray())
      .filter((p) => (p.outbound?.version ?? 0) > (p.writeback?.personVersion ?? 0)).length;
    if (mode === 'kill') await proc.kill();
    else await proc.stop();
    await proc.start();
    this.restartNote = `${mode === 'kill' ? 'kill -9' : 'graceful stop'} + start of ${service} before operation #${this.op}, ${delay} ms after ${burst} CRM edits and a refresh request; at the stop ${pending} persons not yet published, ${unreported} without a write-back result; down and up again in ${Date.now() - t} ms`;
    this.note(`RESTART: ${this.restartNote}`);
    console.log(`[convergence] ${this.provider}: ${this.restartNote}`);
  }

  // ---- the end ----

  /** world.refresh(); a refresh that never ends says what the dashboard shows (state, totals, attention). */
  async refreshOrExplain(): Promise<void> {
    try {
      await this.world.refresh();
    } catch (err) {
      const d = await this.world.dashboard().catch(() => ({}) as Record<string, unknown>);
      const e = err instanceof Error ? err : new Error(String(err));
      e.message = `${e.message}; dashboard state ${JSON.stringify(d.state)} totals ${JSON.stringify(d.totals)} lastRun ${JSON.stringify(d.lastRun)} needsAttention ${JSON.stringify(d.needsAttention)}`;
      throw e;
    }
  }

  /** Until written back, then refreshes until two in a row change nothing (bounded). Returns a problem or null. */
  async settle(): Promise<string | null> {
    const started = Date.now();
    await this.world.untilWrittenBack();
    let quiet = 0;
    let last = '';
    for (let i = 0; i < MAX_SETTLE_REFRESHES && quiet < 2; i++) {
      const before = await this.snapshot();
      await this.refreshOrExplain();
      await this.world.untilWrittenBack();
      const after = await this.snapshot();
      const run = ((await this.world.dashboard()).activity as { lastRun: { added: number; updated: number; deleted: number } } | undefined)?.lastRun;
      const unchanged = before === after && run?.added === 0 && run.updated === 0 && run.deleted === 0;
      quiet = unchanged ? quiet + 1 : 0;
      last = `refresh ${i + 1}: ${unchanged ? 'nothing changed' : `changed (last run ${JSON.stringify(run)})`}`;
      this.log.push(`settle ${last}`);
    }
    this.timings.settle = Date.now() - started;
    return quiet >= 2 ? null : `not settled after ${MAX_SETTLE_REFRESHES} refreshes (${last})`;
  }

  /** Everything a refresh could change: writes, persons' versions, contacts' etags. */
  private async snapshot(): Promise<string> {
    const [writes, persons, contacts] = await Promise.all([this.world.writes(), this.world.persons(), this.world.contacts()]);
    return JSON.stringify({ writes, persons: persons.map((p) => [p.id, p.updatedAt]).sort(), contacts: contacts.map((c) => [c.externalId, c.etag]).sort() });
  }

  /** The state of both sides and of the links, read once after the settle. */
  async state() {
    const [persons, contacts] = await Promise.all([this.world.persons(), this.world.contacts()]);
    const links = await this.db.collection('person_links').find({ accountId: this.world.accountId, deletedAt: null }).toArray();
    return { persons, contacts, links };
  }

  /** Synced fields of every live link, compared both ways; problems as text, with the evidence. */
  async compareFields(): Promise<string[]> {
    const { persons, contacts, links } = await this.state();
    const personById = new Map(persons.map((p) => [p.id, p]));
    const contactById = new Map(contacts.map((c) => [c.externalId, c]));
    const fields = MERGED_FIELDS.filter((f) => !FIELD_RULES[f].excludedFor.includes(this.provider));
    const problems: string[] = [];
    for (const link of links) {
      const person = personById.get(String(link.personId));
      const contact = contactById.get(String(link.externalId));
      if (!person || !contact) continue; // reported by the duplicate/orphan checks
      const crm = crmContact(person);
      const held = asPersonHolds(contact.contact);
      const notSynced = person.sync?.notSyncedToProvider ?? [];
      if (this.provider === 'google' && notSynced.length) problems.push(`${person.name}: Google holds every value, yet the person lists values as not synced: ${JSON.stringify(notSynced)}`);
      const diffs: string[] = [];
      for (const f of fields as MergedField[]) {
        const notSyncedValues = notSynced.filter((n) => n.field === f).map((n) => String(n.value));
        if (notSyncedValues.length) {
          // Outlook holds part of the list: what it holds is in the CRM, what it lacks is listed.
          const crmValues = valuesOf(crm[f]);
          const providerValues = valuesOf(held[f]);
          const missingInCrm = providerValues.filter((v) => !crmValues.includes(v));
          const unlisted = crmValues.filter((v) => !providerValues.includes(v) && !notSyncedValues.includes(v));
          if (missingInCrm.length || unlisted.length) diffs.push(`${f}: CRM ${JSON.stringify(crm[f] ?? null)} / provider ${JSON.stringify(held[f] ?? null)} / not synced ${JSON.stringify(notSyncedValues)}`);
        } else if (!same(crm[f], held[f])) {
          diffs.push(`${f}: CRM ${JSON.stringify(crm[f] ?? null)} ≠ provider ${JSON.stringify(held[f] ?? null)}`);
        }
      }
      // The link's base is the contact as last synced: after a settle, the provider's contact itself.
      const base = link.base as CanonicalContact | null;
      const baseDiffs = MERGED_FIELDS.filter((f) => !same(base?.[f], contact.contact[f]));
      if (baseDiffs.length) diffs.push(`link base ≠ provider contact in ${baseDiffs.join(', ')}: base ${JSON.stringify(base)}`);
      if (diffs.length) problems.push(`${person.name} (person ${person.id} ↔ ${contact.externalId}):\n    ${diffs.join('\n    ')}\n${await this.evidence(person, contact)}`);
    }
    return problems;
  }

  /** One person per contact, one contact per person, one of each generated name, nothing unlinked or failed. */
  async checkDuplicates(): Promise<string[]> {
    const { persons, contacts, links } = await this.state();
    const problems: string[] = [];
    const count = <T>(items: T[]) => {
      const m = new Map<T, number>();
      for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
      return m;
    };
    const twice = <T>(m: Map<T, number>) => [...m].filter(([, n]) => n > 1).map(([k, n]) => `${String(k)} ×${n}`);
    const linkExternal = count(links.map((l) => String(l.externalId)));
    const linkPerson = count(links.map((l) => String(l.personId)));
    if (twice(linkExternal).length) problems.push(`contacts with more than one live link: ${twice(linkExternal).join(', ')}`);
    if (twice(linkPerson).length) problems.push(`persons with more than one live link (two contacts for one person): ${twice(linkPerson).join(', ')}`);
    const personTokens = count(persons.map((p) => tokenOfPerson(p) ?? `unparsable name "${p.name}"/"${p.firstName}"`));
    const contactTokens = count(contacts.map((c) => tokenOfContact(c) ?? `unparsable name "${c.contact.name.displayName}"`));
    if (twice(personTokens).length) problems.push(`generated names held by more than one CRM person: ${twice(personTokens).map((t) => `Cv${t}`).join(', ')}`);
    if (twice(contactTokens).length) problems.push(`generated names held by more than one provider contact: ${twice(contactTokens).map((t) => `Cv${t}`).join(', ')}`);
    for (const t of [...personTokens.keys(), ...contactTokens.keys()]) if (typeof t === 'string') problems.push(t);
    const personIds = new Set(persons.map((p) => p.id));
    const externalIds = new Set(contacts.map((c) => c.externalId));
    for (const c of contacts) {
      const n = linkExternal.get(c.externalId) ?? 0;
      if (n !== 1) problems.push(`provider contact ${c.externalId} "${c.contact.name.displayName}" has ${n} CRM persons (live links)\n${await this.evidence(persons.find((p) => tokenOfPerson(p) === tokenOfContact(c)) ?? null, c)}`);
    }
    for (const p of persons) {
      const n = linkPerson.get(p.id) ?? 0;
      if (n !== 1) problems.push(`CRM person ${p.id} "${p.name}" has ${n} provider contacts (live links)\n${await this.evidence(p, contacts.find((c) => tokenOfContact(c) === tokenOfPerson(p)) ?? null)}`);
      // A person the sync brought in and nobody changed in the CRM since has no write-back status (sync: null).
      if (p.sync && (p.sync.accountId !== this.world.accountId || p.sync.error || p.sync.pending)) problems.push(`CRM person ${p.id} "${p.name}": sync ${JSON.stringify(p.sync)}`);
    }
    for (const l of links) {
      if (!personIds.has(String(l.personId))) problems.push(`live link ${String(l.externalId)} → person ${String(l.personId)} that the CRM does not list (deleted?)`);
      if (!externalIds.has(String(l.externalId))) problems.push(`live link ${String(l.externalId)} → a contact that is not in the synced group (person ${String(l.personId)})`);
    }
    return problems;
  }

  /** What the CRM, the database and the provider say about one pair, and the operations on its name. */
  private async evidence(person: SyncedPerson | null, contact: ProviderContact | null): Promise<string> {
    const token = person ? tokenOfPerson(person) : contact ? tokenOfContact(contact) : null;
    const lines: string[] = [];
    if (person) {
      const doc = await this.db.collection('persons').findOne({ _id: new Types.ObjectId(person.id) as never });
      const allLinks = await this.db.collection('person_links').find({ personId: person.id }).toArray();
      lines.push(`      CRM person: ${JSON.stringify(person)}`);
      lines.push(`      db person: outbound ${JSON.stringify(doc?.outbound ?? null)} writeback ${JSON.stringify(doc?.writeback ?? null)} deletedAt ${JSON.stringify(doc?.deletedAt ?? null)}`);
      lines.push(`      db links of the person: ${JSON.stringify(allLinks.map((l) => ({ externalId: l.externalId, deletedAt: l.deletedAt, etag: l.etag, providerUpdatedAt: l.providerUpdatedAt, endedReason: l.endedReason })))}`);
      const history = await this.world.history(person.id).catch((err: Error) => ({ items: err.message }));
      lines.push(`      sync history: ${JSON.stringify(history).slice(0, 3000)}`);
    }
    if (contact) lines.push(`      provider contact ${contact.externalId} (etag ${contact.etag}, last change by ${await this.world.lastChangeBy(contact.externalId).catch(() => '?')}): ${JSON.stringify(contact.contact)}`);
    if (token !== null) {
      const re = new RegExp(`Cv${token}\\b`);
      lines.push(`      operations on Cv${token}:\n        ${this.log.filter((l) => re.test(l) || l.includes('RESTART')).join('\n        ')}`);
    }
    return lines.join('\n');
  }

  /** Writes the provider saw against the CRM changes made; a problem or null, and the figures. */
  async checkWrites(): Promise<{ problem: string | null; figures: string }> {
    const after = await this.world.writesByOperation();
    const reads = (await this.world.reads()) - this.readsBefore;
    const made = Object.fromEntries(Object.entries(after).map(([op, n]) => [op, n - (this.writesBefore[op] ?? 0)]));
    const total = Object.values(made).reduce((s, n) => s + n, 0);
    const creates = Object.entries(made).find(([op]) => /create/i.test(op))?.[1] ?? 0;
    // A CRM edit of a contact the user deleted recreates it: a create for an edit, not an extra write.
    const recreations = Math.max(0, creates - this.counters.crmCreates);
    const budget = this.crmChanges + CONFLICT_RETRY_SLACK + recreations;
    const figures = `provider writes ${total} ${JSON.stringify(made)}; CRM changes ${this.crmChanges} (creates ${this.counters.crmCreates}, edits ${this.counters.crmEdits}, deletes ${this.counters.crmDeletes}); recreations ≤ ${recreations}; conflict-retry slack ${CONFLICT_RETRY_SLACK}; single-contact reads ${reads}`;
    const problems: string[] = [];
    if (total > budget) problems.push(`${total} provider writes > ${budget} = CRM changes ${this.crmChanges} + conflict-retry slack ${CONFLICT_RETRY_SLACK} + recreations ${recreations}`);
    if (recreations > this.counters.providerDeletes) problems.push(`${recreations} creates beyond the CRM's ${this.counters.crmCreates}, but the user deleted only ${this.counters.providerDeletes} contacts (a recreation needs a deleted contact)`);
    return { problem: problems.length ? `${problems.join('; ')}: ${figures}` : null, figures };
  }

  summary(): string {
    return `${this.provider}: ${OPS} operations ${JSON.stringify(this.kinds)}; counted ${JSON.stringify(this.counters)}; restart: ${this.restartNote}; timings ${JSON.stringify(this.timings)}`;
  }
}

console.log(`[convergence] CONVERGENCE_SEED=${SEED} CONVERGENCE_OPS=${OPS} providers=${PROVIDERS.join(',')} weights=${JSON.stringify(WEIGHTS)}`);

describe.each(PROVIDERS)(`two-way convergence with %s (CONVERGENCE_SEED=${SEED})`, (provider: Provider) => {
  let stack: LocalStack | undefined;
  let world: TwoWayWorld;
  let client: mongo.MongoClient | undefined;
  let run: ConvergenceRun;
  /** Why a phase failed: the later phases that need a working sync fail fast, the checks still report. */
  let aborted: string | null = null;
  const started = Date.now();
  const unlessAborted = () => {
    if (aborted) throw failure(`not attempted: ${aborted}`);
  };

  beforeAll(async () => {
    // A killed ingest's pass is taken over once its lease lapses: a short lease keeps the run short.
    const start = () => startLocalStack({ env: { ingest: { SYNC_LEASE_MS: '5000' } } });
    // The machine is shared: a service that needs more than a minute to start gets one more chance.
    stack = await start().catch((err: Error) => {
      console.log(`[convergence] ${provider}: the stack did not start (${err.message.split('\n')[0]}); once more`);
      return start();
    });
    world = await TwoWayWorld.create(provider, stack);
    client = await mongo.MongoClient.connect(stack.infra.mongoUri);
    run = new ConvergenceRun(world, provider, client.db(`${stack.namespace}_contacts`));
  });
  afterAll(async () => {
    if (run) console.log(`[convergence] CONVERGENCE_SEED=${SEED} ${run.summary()}; total ${Date.now() - started} ms\n  last operations:\n  ${run.log.slice(-25).join('\n  ')}`);
    await client?.close().catch(() => undefined);
    if (world) await world.close();
    else await stack?.stop();
  });

  it(`${OPS} random creates, edits and deletes on both sides with refreshes and one service restart`, async () => {
    try {
      await run.operate();
    } catch (err) {
      aborted = `the operations failed: ${(err as Error).message.split('\n')[0]}`;
      throw err;
    }
    expect(run.crmChanges).toBeGreaterThan(OPS / 4);
  });

  it('settles: written back, then two refreshes in a row change nothing', async () => {
    unlessAborted();
    let problem: string | null;
    try {
      problem = await run.settle();
    } catch (err) {
      problem = `settle: ${(err as Error).message}`;
    }
    if (problem) {
      aborted = `the settle failed: ${problem.split('\n')[0]}`;
      throw failure(problem);
    }
  });

  it('every live link: the person and the contact hold the same synced fields (provider limits aside)', async () => {
    const problems = await run.compareFields();
    if (problems.length) throw failure(`${problems.length} linked pairs differ:\n  ${problems.join('\n  ')}`);
  });

  it('nothing is duplicated: one person per contact, one contact per person, one of each generated name', async () => {
    const problems = await run.checkDuplicates();
    if (problems.length) throw failure(`${problems.length} problems:\n  ${problems.join('\n  ')}`);
  });

  it('provider writes ≤ CRM changes + conflict retries (+ recreations of contacts deleted while edited)', async () => {
    const { problem, figures } = await run.checkWrites();
    console.log(`[convergence] ${provider}: ${figures}`);
    if (problem) throw failure(problem);
  });

  it('stays quiet: two more refreshes write nothing and touch no person', async () => {
    unlessAborted();
    const t = Date.now();
    await withSeed('expectQuiet', () => world.expectQuiet());
    run.timings.quiet = Date.now() - t;
  });
});
