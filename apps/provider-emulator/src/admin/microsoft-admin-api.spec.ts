import { EmulatorHarness } from '../testing/emulator-harness';
import { MicrosoftTestClient } from '../testing/microsoft-client';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(120_000);

const EMAIL = 'Seeder@Outlook.example';
const acct = '/microsoft/accounts/seeder@outlook.example';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describe('admin API (Microsoft)', () => {
  const h = EmulatorHarness.forSuite(async (emulator) => {
    expect((await emulator.admin('POST', '/microsoft/accounts', { email: EMAIL })).status).toBe(201);
  });
  const ms = new MicrosoftTestClient(h);

  it('seeds 25,000 contacts in one request and pages them with the delta function at maxpagesize 1000', async () => {
    const contacts = Array.from({ length: 25_000 }, (_, i) => ({
      givenName: `Given${i}`,
      surname: `Family${i % 997}`,
      displayName: `Given${i} Family${i % 997}`,
      emailAddresses: [{ address: `person${i}@work.example` }, { name: 'home', address: `person${i}@home.example` }],
      mobilePhone: `+1 555 ${String(i).padStart(7, '0')}`,
      businessAddress: { street: `${i} Main St`, city: 'Springfield', postalCode: '12345', countryOrRegion: 'US' },
      companyName: `Company ${i % 200}`,
      personalNotes: `Notes about person ${i}.`,
      birthday: `${1980 + (i % 30)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z`,
      ...(i % 10 === 0 ? { photo: { contentType: 'image/png', base64: PNG } } : {}),
    }));
    const res = await h.admin('POST', `${acct}/contacts`, { contacts });
    expect(res.status).toBe(201);
    expect(new Set(res.body.ids).size).toBe(25_000);
    expect((await h.admin('GET', '/microsoft/accounts')).body.accounts).toEqual([{ email: 'seeder@outlook.example', contacts: 25_000 }]);

    const tokens = await ms.authorize({ email: EMAIL });
    const graph = ms.graph(tokens.access_token);
    const def = (await graph.api('/me/contactFolders').get()).value[0].id;
    const round = await ms.deltaRound(graph, `/me/contactFolders/${def}/contacts/delta`, 1000);
    expect(round.pages).toHaveLength(25);
    expect(round.items.map((c) => c.id)).toEqual(res.body.ids);
    expect(round.items[24_999]).toMatchObject({ givenName: 'Given24999', birthday: expect.stringMatching(/T00:00:00Z$/) });

    await h.admin('DELETE', `${acct}/contacts/${res.body.ids[5]}`);
    const next = await ms.deltaRound(graph, round.deltaLink, 1000);
    expect(next.items).toEqual([{ '@odata.type': '#microsoft.graph.contact', id: res.body.ids[5], '@removed': { reason: 'deleted' } }]);
  });

  it('answers 400 naming every problem, and seeds nothing when one body is bad', async () => {
    const res = await h.admin('POST', `${acct}/contacts`, {
      contacts: [
        { givenName: 'Fine' },
        { givenName: 42, emailAddresses: [{ address: 7 }], shoeSize: 44 },
        { birthday: 'next tuesday', homeAddress: { street: 'x', planet: 'Mars' } },
        { id: 'AAMk1', changeKey: 'x' },
        { folderId: 'AQMkADnope' },
        { photo: { contentType: 'image/gif', base64: 'R0lGOD' } },
        { photo: { contentType: 'image/png', base64: 'bm90IGFuIGltYWdl' } },
        'not an object',
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([
      'contacts[1].shoeSize: not a writable Graph contact field',
      'contacts[1].givenName: Expected string, received number',
      'contacts[1].emailAddresses[0].address: Expected string, received number',
      "contacts[2].homeAddress: Unrecognized key(s) in object: 'planet'",
      'contacts[2].birthday: expected an ISO 8601 date-time such as "1984-07-09T00:00:00Z"',
      'contacts[3].id: set by the server, cannot be given',
      'contacts[3].changeKey: set by the server, cannot be given',
      'contacts[4].folderId: no contact folder AQMkADnope in seeder@outlook.example',
      "contacts[5].photo.contentType: Invalid enum value. Expected 'image/jpeg' | 'image/png', received 'image/gif'",
      'contacts[6].photo.base64: not a PNG image',
      'contacts[7]: must be a JSON object (a Graph contact)',
    ]);
    expect((await h.admin('GET', `${acct}/contacts`)).body.contacts).toEqual([]);

    expect((await h.admin('POST', `${acct}/folders`, { displayName: '' })).body.message).toEqual(['displayName: String must contain at least 1 character(s)']);
    expect((await h.admin('POST', `${acct}/folders`, { displayName: 'X', parentFolderId: 'nope' })).body.message).toEqual([
      'parentFolderId: no contact folder nope in seeder@outlook.example',
    ]);
    expect((await h.admin('POST', `${acct}/folders`, { displayName: 'Clients' })).status).toBe(201);
    expect((await h.admin('POST', `${acct}/folders`, { displayName: 'clients' })).status).toBe(409);
    expect((await h.admin('GET', '/microsoft/accounts/ghost@example.com/contacts')).status).toBe(404);
    expect((await h.admin('PATCH', `${acct}/contacts/AAMknope`, { givenName: 'x' })).status).toBe(404);
  });

  it('edits, moves and deletes contacts; lists folders and contacts', async () => {
    const clients = (await h.admin('POST', `${acct}/folders`, { displayName: 'Clients' })).body.id;
    const key = (await h.admin('POST', `${acct}/folders`, { displayName: 'Key', parentFolderId: clients })).body;
    expect(key).toEqual({ id: expect.any(String), displayName: 'Key', parentFolderId: clients });
    const folders = (await h.admin('GET', `${acct}/folders`)).body.folders;
    expect(folders.map((f: { displayName: string }) => f.displayName)).toEqual(['Contacts', 'Clients', 'Key']);
    expect(folders[0]).toEqual({ id: expect.any(String), displayName: 'Contacts', parentFolderId: expect.any(String), wellKnown: 'contacts' });

    const [a] = (await h.admin('POST', `${acct}/contacts`, { contacts: [{ givenName: 'Ann', businessPhones: ['1'], homeAddress: { city: 'Oslo' } }] })).body.ids;
    const patched = await h.admin('PATCH', `${acct}/contacts/${a}`, { businessPhones: [], homeAddress: null, surname: 'Smith', folderId: key.id });
    expect(patched.status).toBe(200);
    // The move gives the contact a new id; the admin API still takes the old one.
    expect(patched.body).toMatchObject({ id: expect.not.stringMatching(`^${a}$`), givenName: 'Ann', surname: 'Smith', businessPhones: [], homeAddress: {}, parentFolderId: key.id });
    const moved = patched.body.id as string;
    const bad = await h.admin('PATCH', `${acct}/contacts/${a}`, { parentFolderId: clients, birthday: '1984-13-01' });
    expect(bad.body.message).toEqual(['body.parentFolderId: set by the server, cannot be given', 'body.birthday: expected an ISO 8601 date-time such as "1984-07-09T00:00:00Z"']);

    expect((await h.admin('GET', `${acct}/contacts`)).body.contacts.map((c: { id: string }) => c.id)).toEqual([moved]);
    expect((await h.admin('GET', `${acct}/contacts/${a}`)).body.id).toBe(moved);
    expect((await h.admin('DELETE', `${acct}/contacts/${a}`)).status).toBe(204);
    expect((await h.admin('DELETE', `${acct}/contacts/${a}`)).status).toBe(404);
    expect((await h.admin('POST', `${acct}/expire-delta-tokens`)).status).toBe(204);
    expect((await h.admin('POST', '/reset')).status).toBe(204);
    expect((await h.admin('GET', '/microsoft/accounts')).body).toEqual({ accounts: [] });
  });
});
