import { randomUUID } from 'node:crypto';
import { CrmUser, DirectoryAdmin, EmulatorAdmin, eventually, startLocalStack, type LocalStack, type PersonView } from '@contact-sync/testing';

/**
 * Re-configuring a running sync reaches the persons it already brought in: narrowing visibility
 * hides them from colleagues before the dashboard reports the configuration applied, widening shows
 * them again, and changing the group swaps the persons. Real broker, database and processes.
 */
jest.setTimeout(240_000);

const EMAIL = 'reconfig@example.com';
const simple = (given: string, groups: string[]) => ({
  groups,
  names: [{ givenName: given, familyName: 'Simple', displayName: `${given} Simple` }],
  emailAddresses: [{ value: `${given.toLowerCase()}@simple.example` }],
});

describe('re-configuring a running sync', () => {
  let stack: LocalStack;
  let owner: CrmUser;
  let colleague: CrmUser;
  let accountId: string;
  let groups: { clients: string; suppliers: string };

  interface AccountState {
    syncConfig: { configVersion: number; applied: boolean; visibility: string } | null;
    dashboard: { state: string };
  }
  const account = () => owner.expectOk<AccountState>(owner.accounts('GET', `/accounts/${accountId}`));
  const names = (persons: PersonView[]) => persons.map((p) => p.name).sort();

  /** PUT the configuration, start, and wait until accounts says contacts applied it. */
  async function reconfigure(body: Record<string, unknown>): Promise<void> {
    const before = (await account()).syncConfig?.configVersion ?? 0;
    await owner.expectOk(owner.accounts('PUT', `/accounts/${accountId}/sync-config`, { direction: 'one_way', ...body }));
    await owner.expectOk(owner.accounts('POST', `/accounts/${accountId}/sync/start`), 202);
    await eventually(async () => {
      const a = await account();
      expect(a.syncConfig).toMatchObject({ configVersion: before + 1, applied: true });
    }, { timeoutMs: 60_000 });
  }

  beforeAll(async () => {
    stack = await startLocalStack();
    const company = `co-${randomUUID().slice(0, 8)}`;
    const creds = { accounts: stack.accountsUrl, contacts: stack.contactsUrl };
    owner = new CrmUser(`u-${randomUUID().slice(0, 8)}`, company, creds, stack.actorJwtSecret);
    colleague = new CrmUser(`u-${randomUUID().slice(0, 8)}`, company, creds, stack.actorJwtSecret);
    const directory = new DirectoryAdmin(stack.contactsUrl, stack.internalApiToken);
    await directory.company(company, 'professional');
    for (const u of [owner, colleague]) {
      await directory.user(company, u.userId, { roleId: null, globalAdmin: false, permissions: { addPeople: true, addOrganizations: true } });
    }
    const admin = new EmulatorAdmin(stack.emulatorUrl);
    await admin.createAccount(EMAIL);
    groups = { clients: await admin.createGroup(EMAIL, 'Clients'), suppliers: await admin.createGroup(EMAIL, 'Suppliers') };
    await admin.seedPeople(EMAIL, [
      ...['Ann', 'Ben', 'Cat', 'Dan'].map((n) => simple(n, [groups.clients])),
      ...['Eve', 'Fay'].map((n) => simple(n, [groups.suppliers])),
    ]);
    accountId = (await owner.connect('google', EMAIL)).id;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('starts visible to the whole company', async () => {
    await reconfigure({ groupId: groups.clients, visibility: 'entire_company' });
    await eventually(async () => expect(names(await colleague.allPersons())).toEqual(['Ann Simple', 'Ben Simple', 'Cat Simple', 'Dan Simple']));
  });

  it('narrowed to owner_only: once applied, no colleague sees any person of the sync', async () => {
    await reconfigure({ groupId: groups.clients, visibility: 'owner_only' });
    // No waiting here: "applied" must already mean every person carries the new visibility.
    expect(await colleague.allPersons()).toEqual([]);
    const mine = await owner.allPersons();
    expect(mine).toHaveLength(4);
    expect(new Set(mine.map((p) => p.visibility))).toEqual(new Set(['owner_only']));
  });

  it('widened again to entire_company: every person is visible again once applied', async () => {
    await reconfigure({ groupId: groups.clients, visibility: 'entire_company' });
    expect(names(await colleague.allPersons())).toEqual(['Ann Simple', 'Ben Simple', 'Cat Simple', 'Dan Simple']);
  });

  it('group changed: the old group leaves the CRM, the new one arrives, and the dashboard reconciles', async () => {
    await reconfigure({ groupId: groups.suppliers, visibility: 'entire_company' });
    await eventually(async () => {
      expect(names(await owner.allPersons())).toEqual(['Eve Simple', 'Fay Simple']);
      const a = await owner.expectOk<{ dashboard: { state: string; totals: { provider: number; crm: number } } }>(owner.accounts('GET', `/accounts/${accountId}`));
      expect(a.dashboard).toMatchObject({ state: 'synced', totals: { provider: 2, crm: 2 } });
    }, { timeoutMs: 60_000 });
  });
});
