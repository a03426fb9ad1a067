import { randomUUID } from 'node:crypto';
import { CrmUser, DirectoryAdmin, startLocalStack, type LocalStack } from '@contact-sync/testing';

/**
 * The CRM side of two-way sync, on the real stack and database: a user creates a person with every
 * synced field, edits each of them, and gets a clear 400 or 403 for what is wrong or not allowed.
 */
jest.setTimeout(120_000);

type Person = Record<string, unknown> & { id: string; ownerUserId: string; visibility: string; organization: { id: string; name: string } | null; customFields: Record<string, unknown> };

const full = {
  name: 'Dr. Ada Lovelace',
  firstName: 'Ada',
  lastName: 'Lovelace',
  emails: [{ value: 'ada@work.example', label: 'work', primary: true }, { value: 'ada@home.example', label: 'home' }],
  phones: [{ value: '+44 20 7946 0000', label: 'mobile' }],
  address: { street: '12 St James Sq', city: 'London', postalCode: 'SW1', country: 'United Kingdom', label: 'home' },
  postalAddress: { poBox: 'PO Box 1', city: 'London', label: 'postal' },
  instantMessengers: [{ value: 'ada', protocol: 'skype' }],
  organization: 'Analytical Engines',
  jobTitle: 'Mathematician',
  notes: 'Wrote the first program.',
  birthday: '1815-12-10',
};

describe('CRM persons: create and edit every synced field', () => {
  let stack: LocalStack;
  let owner: CrmUser;
  let noOrgs: CrmUser;
  let noPeople: CrmUser;

  beforeAll(async () => {
    stack = await startLocalStack();
    const company = `co-${randomUUID().slice(0, 8)}`;
    const creds = { accounts: stack.accountsUrl, contacts: stack.contactsUrl };
    const directory = new DirectoryAdmin(stack.contactsUrl, stack.internalApiToken);
    await directory.company(company, 'professional');
    [owner, noOrgs, noPeople] = [0, 1, 2].map(() => new CrmUser(`u-${randomUUID().slice(0, 8)}`, company, creds, stack.actorJwtSecret)) as [CrmUser, CrmUser, CrmUser];
    await directory.user(company, owner.userId, { roleId: null, globalAdmin: false, permissions: { addPeople: true, addOrganizations: true } });
    await directory.user(company, noOrgs.userId, { roleId: null, globalAdmin: false, permissions: { addPeople: true, addOrganizations: false } });
    await directory.user(company, noPeople.userId, { roleId: null, globalAdmin: false, permissions: { addPeople: false, addOrganizations: true } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('POST /persons stores every synced field; the acting user owns the person', async () => {
    const created = await owner.expectOk<Person>(owner.contacts('POST', '/persons', { ...full, visibility: 'owner_only' }), 201);
    expect(created).toMatchObject({
      name: 'Dr. Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace', emails: full.emails, phones: full.phones, address: full.address,
      ownerUserId: owner.userId, visibility: 'owner_only', organization: { id: expect.any(String), name: 'Analytical Engines' },
      customFields: { postal_address: full.postalAddress, instant_messengers: full.instantMessengers, job_title: 'Mathematician', notes: 'Wrote the first program.', birthday: '1815-12-10' },
    });
    expect(await owner.expectOk<Person>(owner.contacts('GET', `/persons/${created.id}`))).toEqual(created);
    const fields = await owner.expectOk<{ key: string }[]>(owner.contacts('GET', '/custom-fields'));
    expect(fields.map((f) => f.key).sort()).toEqual(['birthday', 'instant_messengers', 'job_title', 'notes', 'postal_address']);
  });

  it('PATCH changes what is sent, clears what is null, and keeps the rest', async () => {
    const created = await owner.expectOk<Person>(owner.contacts('POST', '/persons', full), 201);
    expect(created.visibility).toBe('entire_company');
    const edited = await owner.expectOk<Person>(
      owner.contacts('PATCH', `/persons/${created.id}`, { jobTitle: 'Countess', birthday: '--12-10', notes: null, postalAddress: null, organization: 'Royal Society', phones: [] }),
    );
    expect(edited).toMatchObject({ name: 'Dr. Ada Lovelace', emails: full.emails, phones: [], address: full.address, organization: { name: 'Royal Society' } });
    expect(edited.customFields).toEqual({ instant_messengers: full.instantMessengers, job_title: 'Countess', birthday: '--12-10' });
    // The organization was linked by name: the same name (any case) is the same organization.
    const again = await owner.expectOk<Person>(owner.contacts('POST', '/persons', { name: 'Mary Somerville', organization: 'royal  society' }), 201);
    expect(again.organization?.id).toBe(edited.organization?.id);
  });

  it('answers 400 naming what is wrong, and changes nothing', async () => {
    const created = await owner.expectOk<Person>(owner.contacts('POST', '/persons', { name: 'Bob' }), 201);
    for (const [body, message] of [
      [{ birthday: '1815-13-40' }, /birthday must be YYYY-MM-DD/],
      [{ emails: [{ value: '' }] }, /emails\.0\.value/],
      [{ address: { city: 7 } }, /address\.city must be a string/],
      [{ nickname: 'B' }, /property nickname should not exist/],
      [{}, /nothing to change/],
      [{ name: null, firstName: null }, /a person needs a name/],
    ] as const) {
      const res = await owner.contacts<{ message: string | string[] }>('PATCH', `/persons/${created.id}`, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(JSON.stringify(res.body.message)).toMatch(message);
    }
    expect((await owner.contacts('POST', '/persons', { name: 'X', visibility: 'owner_and_followers' })).status).toBe(400);
    expect((await owner.contacts('POST', '/persons', { jobTitle: 'nobody' })).status).toBe(400);
    expect((await owner.expectOk<Person>(owner.contacts('GET', `/persons/${created.id}`))).name).toBe('Bob');
  });

  it('needs "add people" to create, and "add organizations" to link an organization that does not exist yet', async () => {
    const refused = await noPeople.contacts<{ message: string }>('POST', '/persons', { name: 'Cy' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/add people/);
    const newOrg = await noOrgs.contacts<{ message: string }>('POST', '/persons', { name: 'Cy', organization: `Brand New ${randomUUID().slice(0, 4)}` });
    expect(newOrg.status).toBe(403);
    expect(newOrg.body.message).toMatch(/add organizations/);
    const existing = await noOrgs.expectOk<Person>(noOrgs.contacts('POST', '/persons', { name: 'Cy', organization: 'Analytical Engines' }), 201);
    expect(existing.organization?.name).toBe('Analytical Engines');
  });
});
