import { randomUUID } from 'node:crypto';
import { PLANS, VISIBILITIES, VISIBILITY_OPTIONS_BY_PLAN, type Plan, type VisibilityOption } from '@contact-sync/contact-model';
import { CrmUser, DirectoryAdmin, EmulatorAdmin, eventually, httpJson, signActorToken, startLocalStack, type LocalStack, type PersonView } from '@contact-sync/testing';

/**
 * The seed's rule table, proven on the real stack and database: for every plan, every visibility
 * option it allows is chosen by a real sync, and every kind of reader gets exactly the persons the
 * rules give them through list, search and get. Options a plan does not allow are refused, and the
 * permission gate names the missing permission.
 */
jest.setTimeout(300_000);

const READERS = ['owner', 'follower', 'sameRole', 'below', 'above', 'unrelated', 'admin', 'otherCompany'] as const;
type ReaderKind = (typeof READERS)[number];

/** Which options let each kind of reader see the owner's person (the issue's rule table). */
const SEES: Record<ReaderKind, readonly VisibilityOption[]> = {
  owner: VISIBILITIES,
  follower: ['owner_and_followers', 'entire_company'],
  sameRole: ['owner_role', 'owner_role_and_below', 'entire_company'],
  below: ['owner_role_and_below', 'entire_company'],
  above: ['entire_company'],
  unrelated: ['entire_company'],
  admin: VISIBILITIES,
  otherCompany: [],
};

// Role tree of every company:  top ─ mid ─ low
//                                  └ side
const ROLES: [string, string | null][] = [
  ['top', null],
  ['mid', 'top'],
  ['low', 'mid'],
  ['side', 'top'],
];
const ROLE_OF: Record<Exclude<ReaderKind, 'otherCompany'>, string> = {
  owner: 'mid',
  follower: 'side',
  sameRole: 'mid',
  below: 'low',
  above: 'top',
  unrelated: 'side',
  admin: 'side',
};
const BOTH = { addPeople: true, addOrganizations: true };

interface CompanyFixture {
  plan: Plan;
  companyId: string;
  users: Record<ReaderKind, CrmUser>;
  /** Person id by the visibility its sync chose. */
  persons: Partial<Record<VisibilityOption, string>>;
  accountIds: Partial<Record<VisibilityOption, string>>;
}

const personName = (plan: Plan, option: VisibilityOption) => `${plan} ${option}`;

describe('visibility and permissions, end to end', () => {
  let stack: LocalStack;
  let directory: DirectoryAdmin;
  let emulator: EmulatorAdmin;
  const run = randomUUID().slice(0, 8);
  const companies = new Map<Plan, CompanyFixture>();

  const crmUser = (userId: string, companyId: string) =>
    new CrmUser(userId, companyId, { accounts: stack.accountsUrl, contacts: stack.contactsUrl }, stack.actorJwtSecret);

  async function seedCompany(plan: Plan): Promise<CompanyFixture> {
    const companyId = `co-${plan}-${run}`;
    const otherCompanyId = `other-${plan}-${run}`;
    await directory.company(companyId, plan);
    for (const [roleId, parent] of ROLES) await directory.role(companyId, roleId, roleId, parent);
    const users = {} as Record<ReaderKind, CrmUser>;
    for (const [kind, roleId] of Object.entries(ROLE_OF) as [Exclude<ReaderKind, 'otherCompany'>, string][]) {
      const userId = `${kind}-${run}`;
      await directory.user(companyId, userId, { roleId, globalAdmin: kind === 'admin', permissions: BOTH });
      users[kind] = crmUser(userId, companyId);
    }
    // The strongest outsider: a global admin of another company, holding a role with the owner's role id.
    await directory.company(otherCompanyId, plan);
    for (const [roleId, parent] of ROLES) await directory.role(otherCompanyId, roleId, roleId, parent);
    await directory.user(otherCompanyId, `outsider-${run}`, { roleId: 'mid', globalAdmin: true, permissions: BOTH });
    users.otherCompany = crmUser(`outsider-${run}`, otherCompanyId);
    return { plan, companyId, users, persons: {}, accountIds: {} };
  }

  /** The owner connects one address book per option, each holding one contact, and syncs it. */
  async function syncWithOption(fixture: CompanyFixture, option: VisibilityOption): Promise<void> {
    const { owner } = fixture.users;
    const email = `${fixture.plan}.${option.replace(/_/g, '-')}.${run}@example.com`;
    await emulator.createAccount(email);
    await emulator.seedPeople(email, [
      { names: [{ givenName: fixture.plan, familyName: option, displayName: personName(fixture.plan, option) }], emailAddresses: [{ value: `owner-${option}@${fixture.plan}.example` }] },
    ]);
    const account = await owner.connect('google', email);
    fixture.accountIds[option] = account.id;
    await owner.expectOk(owner.accounts('PUT', `/accounts/${account.id}/sync-config`, { groupId: null, direction: 'one_way', visibility: option }));
    await owner.expectOk(owner.accounts('POST', `/accounts/${account.id}/sync/start`), 202);
  }

  async function visibleNames(user: CrmUser, query = ''): Promise<string[]> {
    const page = await user.expectOk<{ items: PersonView[]; total: number }>(user.contacts('GET', `/persons?limit=1000${query}`));
    expect(page.total).toBe(page.items.length);
    return page.items.map((p) => p.name).sort();
  }

  const expectedNames = (fixture: CompanyFixture, kind: ReaderKind) =>
    VISIBILITY_OPTIONS_BY_PLAN[fixture.plan].filter((o) => SEES[kind].includes(o)).map((o) => personName(fixture.plan, o)).sort();

  beforeAll(async () => {
    stack = await startLocalStack();
    directory = new DirectoryAdmin(stack.contactsUrl, stack.internalApiToken);
    emulator = new EmulatorAdmin(stack.emulatorUrl);
    for (const plan of PLANS) companies.set(plan, await seedCompany(plan));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const fixture = (plan: Plan): CompanyFixture => {
    const f = companies.get(plan);
    if (!f) throw new Error(`no fixture for ${plan}`);
    return f;
  };

  it('refuses calls without a valid acting-user token (401) and users missing from the directory (403)', async () => {
    const noToken = await httpJson<{ message: string }>('GET', `${stack.contactsUrl}/persons`);
    expect(noToken.status).toBe(401);
    const forged = await httpJson('GET', `${stack.contactsUrl}/persons`, undefined, {
      authorization: `Bearer ${signActorToken({ userId: `owner-${run}`, companyId: fixture('professional').companyId }, 'not-the-configured-secret-but-long-enough')}`,
    });
    expect(forged.status).toBe(401);
    const stranger = crmUser(`stranger-${run}`, fixture('professional').companyId);
    const res = await stranger.contacts<{ message: string }>('GET', '/persons');
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/not in the directory/);
  });

  it('the permission gate answers 403 naming the missing permission, on connect and on start', async () => {
    const f = fixture('professional');
    const cases: [string, { addPeople: boolean; addOrganizations: boolean }, string[]][] = [
      ['no-orgs', { addPeople: true, addOrganizations: false }, ['add organizations']],
      ['no-people', { addPeople: false, addOrganizations: true }, ['add people']],
      ['neither', { addPeople: false, addOrganizations: false }, ['add people', 'add organizations']],
    ];
    for (const [suffix, permissions, missing] of cases) {
      const userId = `${suffix}-${run}`;
      await directory.user(f.companyId, userId, { roleId: 'mid', globalAdmin: false, permissions });
      const res = await crmUser(userId, f.companyId).accounts<{ message: string; missingPermissions: string[] }>('POST', '/accounts/connections', { provider: 'google', email: `${suffix}@example.com` });
      expect(res.status).toBe(403);
      expect(res.body.missingPermissions).toEqual(missing);
      for (const m of missing) expect(res.body.message).toContain(`"${m}"`);
    }

    // Starting is gated too: the permission is read at that moment, not remembered from connect.
    const userId = `revoked-${run}`;
    await directory.user(f.companyId, userId, { roleId: 'mid', globalAdmin: false, permissions: BOTH });
    const user = crmUser(userId, f.companyId);
    const email = `revoked.${run}@example.com`;
    await emulator.createAccount(email);
    const account = await user.connect('google', email);
    await user.expectOk(user.accounts('PUT', `/accounts/${account.id}/sync-config`, { groupId: null, direction: 'one_way', visibility: 'owner_only' }));
    await directory.user(f.companyId, userId, { roleId: 'mid', globalAdmin: false, permissions: { addPeople: true, addOrganizations: false } });
    const start = await user.accounts<{ message: string; missingPermissions: string[] }>('POST', `/accounts/${account.id}/sync/start`);
    expect(start.status).toBe(403);
    expect(start.body.missingPermissions).toEqual(['add organizations']);
    expect((await user.expectOk<{ syncStatus: string }>(user.accounts('GET', `/accounts/${account.id}`))).syncStatus).toBe('configured');
  });

  it.each(PLANS)('%s: options the plan does not allow are refused with 400 and the allowed list', async (plan) => {
    const f = fixture(plan);
    const email = `refusals.${plan}.${run}@example.com`;
    await emulator.createAccount(email);
    const account = await f.users.owner.connect('google', email);
    const allowed = VISIBILITY_OPTIONS_BY_PLAN[plan];
    for (const option of VISIBILITIES.filter((o) => !allowed.includes(o))) {
      const res = await f.users.owner.accounts<{ message: string; allowedVisibilities: string[] }>('PUT', `/accounts/${account.id}/sync-config`, { groupId: null, direction: 'one_way', visibility: option });
      expect(res.status).toBe(400);
      expect(res.body.allowedVisibilities).toEqual(allowed);
      expect(res.body.message).toContain(`allowed: ${allowed.join(', ')}`);
    }
    for (const option of allowed) {
      await f.users.owner.expectOk(f.users.owner.accounts('PUT', `/accounts/${account.id}/sync-config`, { groupId: null, direction: 'one_way', visibility: option }));
    }
  });

  it('every allowed option of every plan is stamped on the persons its sync brings in', async () => {
    await Promise.all(PLANS.map(async (plan) => {
      const f = fixture(plan);
      for (const option of VISIBILITY_OPTIONS_BY_PLAN[plan]) await syncWithOption(f, option);
      await eventually(async () => {
        const persons = await f.users.owner.allPersons();
        expect(persons.map((p) => p.name).sort()).toEqual(VISIBILITY_OPTIONS_BY_PLAN[plan].map((o) => personName(plan, o)).sort());
        for (const p of persons) {
          const option = VISIBILITY_OPTIONS_BY_PLAN[plan].find((o) => personName(plan, o) === p.name);
          expect(p.visibility).toBe(option);
          if (option) f.persons[option] = p.id;
        }
      }, { timeoutMs: 120_000 });
      // The follower follows every person of the company (the CRM core reports followers).
      for (const id of Object.values(f.persons)) await directory.follow(f.companyId, id, f.users.follower.userId);
    }));
  });

  describe.each(PLANS)('%s plan', (plan) => {
    it.each(READERS)('%s: list, search and get show exactly the persons the rules allow', async (kind) => {
      const f = fixture(plan);
      const reader = f.users[kind];
      const expected = expectedNames(f, kind);
      expect(await visibleNames(reader)).toEqual(expected);
      expect(await visibleNames(reader, `&q=${encodeURIComponent(plan)}`)).toEqual(expected);
      for (const option of VISIBILITY_OPTIONS_BY_PLAN[plan]) {
        const id = f.persons[option];
        if (!id) throw new Error(`no person for ${option}`);
        const got = await reader.contacts<PersonView & { message: string }>('GET', `/persons/${id}`);
        // Denied reads look exactly like missing persons.
        if (SEES[kind].includes(option)) {
          expect(got.status).toBe(200);
          expect(got.body.name).toBe(personName(plan, option));
        } else {
          expect(got.status).toBe(404);
          expect(got.body.message).toBe(`person ${id} not found`);
        }
      }
    });
  });

  it('update and delete follow the same rules; a denied change answers 404 and changes nothing', async () => {
    const f = fixture('enterprise');
    const ownerOnly = f.persons.owner_only;
    const ownerRole = f.persons.owner_role;
    if (!ownerOnly || !ownerRole) throw new Error('fixture persons missing');
    const denied = await f.users.sameRole.contacts('PATCH', `/persons/${ownerOnly}`, { lastName: 'Hijacked' });
    expect(denied.status).toBe(404);
    expect((await f.users.owner.expectOk<PersonView>(f.users.owner.contacts('GET', `/persons/${ownerOnly}`))).lastName).not.toBe('Hijacked');
    expect((await f.users.unrelated.contacts('DELETE', `/persons/${ownerOnly}`)).status).toBe(404);
    expect((await f.users.otherCompany.contacts('DELETE', `/persons/${ownerRole}`)).status).toBe(404);

    const edited = await f.users.sameRole.expectOk<PersonView>(f.users.sameRole.contacts('PATCH', `/persons/${ownerRole}`, { lastName: 'Edited by a colleague' }));
    expect(edited.lastName).toBe('Edited by a colleague');
    const bad = await f.users.sameRole.contacts<{ message: string[] }>('PATCH', `/persons/${ownerRole}`, { emails: [{ nope: 1 }] });
    expect(bad.status).toBe(400);

    // The global admin deletes it; it is gone for everyone (soft delete).
    expect((await f.users.admin.contacts('DELETE', `/persons/${ownerRole}`)).status).toBe(204);
    expect((await f.users.owner.contacts('GET', `/persons/${ownerRole}`)).status).toBe(404);
  });

  it('a role move, a role change and a follower change show on the very next read', async () => {
    const pro = fixture('professional');
    const below = personName('professional', 'owner_role_and_below');
    const role = personName('professional', 'owner_role');
    const ownerOnly = personName('professional', 'owner_only');

    // The unrelated user's role moves under the owner's: they now see "owner's role and below".
    expect(await visibleNames(pro.users.unrelated)).not.toContain(below);
    await directory.role(pro.companyId, 'side', 'side', 'mid');
    expect(await visibleNames(pro.users.unrelated)).toContain(below);
    // ...and back: gone again.
    await directory.role(pro.companyId, 'side', 'side', 'top');
    expect(await visibleNames(pro.users.unrelated)).not.toContain(below);

    // The user above changes role into the owner's: "owner's role" persons appear; out again, they go.
    expect(await visibleNames(pro.users.above)).not.toContain(role);
    await directory.user(pro.companyId, pro.users.above.userId, { roleId: 'mid', globalAdmin: false, permissions: BOTH });
    expect(await visibleNames(pro.users.above)).toEqual(expect.arrayContaining([role, below]));
    await directory.user(pro.companyId, pro.users.above.userId, { roleId: 'top', globalAdmin: false, permissions: BOTH });
    expect(await visibleNames(pro.users.above)).not.toContain(role);
    // Demoting the admin flag takes effect at once too.
    await directory.user(pro.companyId, pro.users.admin.userId, { roleId: 'side', globalAdmin: false, permissions: BOTH });
    expect(await visibleNames(pro.users.admin)).not.toContain(ownerOnly);

    // Followers: removing one hides the person, adding another shows it.
    const ess = fixture('essential');
    const followed = ess.persons.owner_and_followers;
    if (!followed) throw new Error('fixture person missing');
    const name = personName('essential', 'owner_and_followers');
    await directory.unfollow(ess.companyId, followed, ess.users.follower.userId);
    expect(await visibleNames(ess.users.follower)).not.toContain(name);
    expect((await ess.users.follower.contacts('GET', `/persons/${followed}`)).status).toBe(404);
    await directory.follow(ess.companyId, followed, ess.users.unrelated.userId);
    expect(await visibleNames(ess.users.unrelated)).toContain(name);
    expect((await ess.users.unrelated.contacts('GET', `/persons/${followed}`)).status).toBe(200);
  });

  it('the directory API validates what the CRM core sends', async () => {
    const f = fixture('power');
    const call = (method: string, path: string, body?: unknown) =>
      httpJson<{ message: string | string[] }>(method, `${stack.contactsUrl}/internal/directory/companies/${path}`, body, { authorization: `Bearer ${stack.internalApiToken}` });

    expect((await httpJson('PUT', `${stack.contactsUrl}/internal/directory/companies/x`, { plan: 'power' })).status).toBe(401);
    const badPlan = await call('PUT', f.companyId, { plan: 'gold' });
    expect(badPlan.status).toBe(400);
    expect(badPlan.body.message).toEqual([expect.stringContaining('plan must be one of: essential, advanced, professional, power, enterprise')]);
    expect((await call('PUT', `${f.companyId}/roles/top`, { name: 'top', parentRoleId: 'low' })).body.message).toMatch(/below it/);
    expect((await call('PUT', `${f.companyId}/roles/x`, { name: 'x', parentRoleId: 'ghost' })).status).toBe(400);
    expect((await call('PUT', `${f.companyId}/users/u-x`, { roleId: 'ghost', globalAdmin: false, permissions: BOTH })).body.message).toMatch(/not a role/);
    expect((await call('PUT', `${f.companyId}/users/u-x`, { roleId: null, globalAdmin: 'yes', permissions: {} })).status).toBe(400);
    expect((await call('DELETE', `${f.companyId}/roles/mid`)).status).toBe(409);
    expect((await call('PUT', `nope-${run}/roles/r`, { name: 'r', parentRoleId: null })).status).toBe(404);
    const stranger = fixture('professional').users.otherCompany.userId;
    expect((await call('PUT', `${f.companyId}/persons/${f.persons.entire_company}/followers/${stranger}`)).status).toBe(400);
  });
});
