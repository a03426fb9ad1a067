import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CrmUser, DirectoryAdmin, EmulatorAdmin, eventually, OpenApiContract, startLocalStack, type LocalStack, type OpenApiDocument } from '@contact-sync/testing';
import { simplePerson } from '../fixtures/google-seed';
import { TwoWayWorld } from '../two-way/two-way-world';

/**
 * Abuse limits on the real stack (issue 12, part 6): per-user limits in accounts (429 with
 * Retry-After, other users untouched, the window ends and it works again), and the provider
 * budgets per company in ingest and writeback (a company whose budget is tiny still gets every
 * contact, and every CRM edit written back, later, while its provider requests stay within the budget).
 */
jest.setTimeout(240_000);

const REFRESH_WINDOW_SECONDS = 6;
const BUDGET_REQUESTS = 1;
const BUDGET_WINDOW_SECONDS = 2;

describe('abuse limits, end to end', () => {
  let stack: LocalStack;
  let directory: DirectoryAdmin;
  let admin: EmulatorAdmin;
  /** The checked-in accounts document: a 429 must have its documented shape. */
  const contract = new OpenApiContract(JSON.parse(readFileSync(join(__dirname, '../../../docs/openapi/accounts.openapi.json'), 'utf8')) as OpenApiDocument);

  beforeAll(async () => {
    stack = await startLocalStack({
      env: {
        accounts: {
          USER_LIMIT_CONNECT: '2',
          USER_LIMIT_REFRESH: '2',
          USER_LIMIT_REFRESH_WINDOW_SECONDS: String(REFRESH_WINDOW_SECONDS),
          USER_LIMIT_FULL_RESYNC: '1',
        },
        ingest: { PROVIDER_BUDGET_REQUESTS: String(BUDGET_REQUESTS), PROVIDER_BUDGET_WINDOW_SECONDS: String(BUDGET_WINDOW_SECONDS) },
        writeback: { PROVIDER_BUDGET_REQUESTS: String(BUDGET_REQUESTS), PROVIDER_BUDGET_WINDOW_SECONDS: String(BUDGET_WINDOW_SECONDS) },
      },
    });
    directory = new DirectoryAdmin(stack.contactsUrl, stack.internalApiToken);
    admin = new EmulatorAdmin(stack.emulatorUrl);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const companyWith = async (...userIds: string[]) => {
    const companyId = `co-${randomUUID().slice(0, 8)}`;
    await directory.company(companyId, 'professional');
    for (const userId of userIds) await directory.user(companyId, userId, { roleId: null, globalAdmin: false, permissions: { addPeople: true, addOrganizations: true } });
    return userIds.map((userId) => new CrmUser(userId, companyId, { accounts: stack.accountsUrl, contacts: stack.contactsUrl }, stack.actorJwtSecret));
  };

  /** Connects a Google mailbox of `people` contacts in one group and starts a one-way sync of that group. */
  const connectAndStart = async (user: CrmUser, people: number) => {
    const email = `${user.userId}@limits.example`;
    await admin.createAccount(email);
    const group = await admin.createGroup(email, 'Clients');
    for (let i = 0; i < people; i += 1000) {
      await admin.seedPeople(email, Array.from({ length: Math.min(1000, people - i) }, (_, j) => simplePerson(`P${i + j}`, [group])));
    }
    const account = await user.connect('google', email);
    await user.expectOk(user.accounts('PUT', `/accounts/${account.id}/sync-config`, { groupId: group, direction: 'one_way', visibility: 'owner_only' }));
    await user.expectOk(user.accounts('POST', `/accounts/${account.id}/sync/start`), 202);
    return { accountId: account.id, email };
  };

  type Refused = { statusCode: number; limit: { action: string; max: number; windowSeconds: number }; retryAfterSeconds: number };

  it('the connect over the limit answers 429 with Retry-After and the limit it hit', async () => {
    const [user] = await companyWith(`u-${randomUUID().slice(0, 8)}`);
    for (let i = 0; i < 2; i++) await user.expectOk(user.accounts('POST', '/accounts/connections', { provider: 'google', email: `c${i}@limits.example` }), 201);
    const refused = await user.accounts<Refused>('POST', '/accounts/connections', { provider: 'google', email: 'c3@limits.example' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ statusCode: 429, limit: { action: 'connect', max: 2, windowSeconds: 3600 } });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.body.retryAfterSeconds).toBe(retryAfter);
    expect(contract.responseErrors('POST', '/accounts/connections', 429, refused.body)).toEqual([]);
  });

  it('the refresh over the limit gets 429, another user of the company does not, and after the window it works again', async () => {
    const [alice, bob] = await companyWith(`ua-${randomUUID().slice(0, 8)}`, `ub-${randomUUID().slice(0, 8)}`);
    const a = await connectAndStart(alice, 3);
    const b = await connectAndStart(bob, 3);
    const refresh = (user: CrmUser, accountId: string, full = false) => user.accounts<Refused>('POST', `/accounts/${accountId}/sync/refresh`, { full });

    // Windows are aligned on the clock: begin early in one, so the burst cannot straddle two
    // (bounded: at most one window's wait).
    await eventually(async () => {
      if (Date.now() % (REFRESH_WINDOW_SECONDS * 1000) > 1500) throw new Error('waiting for a fresh window');
    }, { timeoutMs: REFRESH_WINDOW_SECONDS * 1000 + 1000, intervalMs: 100 });
    expect((await refresh(alice, a.accountId)).status).toBe(202);
    expect((await refresh(alice, a.accountId)).status).toBe(202);
    const refused = await refresh(alice, a.accountId);
    expect(refused.status).toBe(429);
    expect(refused.body.limit).toEqual({ action: 'refresh', max: 2, windowSeconds: REFRESH_WINDOW_SECONDS });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(REFRESH_WINDOW_SECONDS);
    expect(contract.responseErrors('POST', `/accounts/${a.accountId}/sync/refresh`, 429, refused.body)).toEqual([]);

    // Bob, same company, has his own count.
    expect((await refresh(bob, b.accountId)).status).toBe(202);
    // A full resync is limited on its own: Alice may still ask for one, once.
    expect((await refresh(alice, a.accountId, true)).status).toBe(202);
    const secondFull = await refresh(alice, a.accountId, true);
    expect(secondFull.status).toBe(429);
    expect(secondFull.body.limit.action).toBe('full_resync');

    // When the window ends, Alice's refresh is accepted again (polled, bounded by one window).
    await eventually(async () => {
      const res = await refresh(alice, a.accountId);
      if (res.status !== 202) throw new Error(`still refused: ${res.status}`);
    }, { timeoutMs: (REFRESH_WINDOW_SECONDS + 3) * 1000, intervalMs: 500 });
  });

  it('a company with a tiny provider budget still gets every contact, later, within its budget', async () => {
    const [carol] = await companyWith(`uc-${randomUUID().slice(0, 8)}`);
    const people = 2500; // three pages of 1000, plus the group check: four People API requests
    const startedAt = Date.now();
    const { email } = await connectAndStart(carol, people);

    const persons = await eventually(async () => {
      const all = await carol.allPersons();
      if (all.length < people) throw new Error(`waiting for the sync: ${all.length} of ${people} persons`);
      return all;
    }, { timeoutMs: 180_000, intervalMs: 1000 });
    const finishedAt = Date.now();

    // Nothing lost: the CRM holds exactly the provider's contacts.
    const listed = await admin.people(email);
    const displayName = (p: Record<string, unknown>) => ((p['names'] as { displayName?: string }[] | undefined)?.[0]?.displayName ?? '');
    expect(persons.map((p) => p.name).sort()).toEqual(listed.map(displayName).sort());

    // Within the budget: fixed windows allow at most BUDGET_REQUESTS per window, and the run
    // touched at most this many windows.
    const pulls = (await admin.requestCount(email, 'people.connections.list')) + (await admin.requestCount(email, 'contactGroups.get'));
    const windows = Math.floor((finishedAt - startedAt) / (BUDGET_WINDOW_SECONDS * 1000)) + 2;
    expect(pulls).toBeGreaterThanOrEqual(4);
    expect(pulls).toBeLessThanOrEqual(windows * BUDGET_REQUESTS);

    // It was throttled, not failed: ingest counted the waits and the dashboard shows a good sync.
    const metrics = await (await fetch(`${stack.services.ingest.url}/metrics`)).text();
    const waits = Number(/contact_sync_provider_budget_waits_total\{provider="google"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    expect(waits).toBeGreaterThanOrEqual(1);
  });

  it('a company with a tiny write budget still gets every CRM edit written back, later, within its budget', async () => {
    const world = await TwoWayWorld.create('google', stack);
    const names = ['Budget Ada', 'Budget Grace', 'Budget Edsger', 'Budget Barbara'];
    const persons = [];
    for (const name of names) persons.push(await world.create({ name, emails: [{ value: `${name.replace(/ /g, '.')}@budget.example` }] }));
    for (const name of names) await world.untilAtProvider(name);
    await world.untilWrittenBack();

    // Four updates, each its own provider attempt (a read and an update): one attempt per window.
    const writesBefore = await world.writes(world.email);
    const startedAt = Date.now();
    for (const p of persons) await world.edit(p.id, { jobTitle: `Title of ${p.name}` });
    for (const name of names) await world.untilAtProvider(name, (c) => expect(c.contact.jobTitle).toBe(`Title of ${name}`));
    await world.untilWrittenBack();
    const finishedAt = Date.now();

    const updates = (await world.writes(world.email)) - writesBefore;
    const windows = Math.floor((finishedAt - startedAt) / (BUDGET_WINDOW_SECONDS * 1000)) + 2;
    expect(updates).toBe(names.length);
    expect(updates).toBeLessThanOrEqual(windows * BUDGET_REQUESTS);
    // Nothing failed: the dashboard counts no failed write-back.
    expect((await world.dashboard()).writeback).toMatchObject({ failed: { count: 0 } });
    const metrics = await (await fetch(`${stack.services.writeback.url}/metrics`)).text();
    expect(Number(/contact_sync_provider_budget_waits_total\{provider="google"\} (\d+)/.exec(metrics)?.[1] ?? 0)).toBeGreaterThanOrEqual(1);
  });
});
