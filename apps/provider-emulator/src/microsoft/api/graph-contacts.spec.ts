import { GraphError, ResponseType } from '@microsoft/microsoft-graph-client';
import { EmulatorHarness, rejectionOf } from '../../testing/emulator-harness';
import { MicrosoftTestClient } from '../../testing/microsoft-client';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

const EMAIL = 'tester@outlook.example';
const acct = `/microsoft/accounts/${EMAIL}`;
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** Graph contacts through the real @microsoft/microsoft-graph-client, only its base URL changed. */
describe('Graph contacts (folders, contacts, delta, photo) through @microsoft/microsoft-graph-client', () => {
  const h = EmulatorHarness.forSuite();
  const ms = new MicrosoftTestClient(h);
  const seed = async (contacts: Record<string, unknown>[]) => (await h.admin<{ ids: string[] }>('POST', `${acct}/contacts`, { contacts })).body.ids;
  const folder = async (displayName: string, parentFolderId?: string) => (await h.admin('POST', `${acct}/folders`, { displayName, parentFolderId })).body.id as string;

  it('lists the default Contacts folder and the top-level folders; child folders under their parent', async () => {
    const { graph } = await ms.accountWithToken(EMAIL);
    const clients = await folder('Clients');
    const suppliers = await folder('Suppliers');
    const key = await folder('Key Accounts', clients);

    const list = await graph.api('/me/contactFolders').get();
    const [def, ...top] = list.value;
    expect(def).toEqual({ id: expect.stringMatching(/^AQMkAD/), displayName: 'Contacts', parentFolderId: expect.any(String) });
    // The default folder is recognised as the parent of the top-level folders (and by its name).
    expect(top).toEqual([
      { id: clients, displayName: 'Clients', parentFolderId: def.id },
      { id: suppliers, displayName: 'Suppliers', parentFolderId: def.id },
    ]);
    expect((await h.admin('GET', `${acct}/folders`)).body.folders[0]).toEqual({ ...def, wellKnown: 'contacts' });
    // Stable across resets (derived from the address).
    await h.admin('POST', '/reset');
    const again = await ms.accountWithToken(EMAIL);
    expect((await again.graph.api('/me/contactFolders').get()).value[0].id).toBe(def.id);
    await h.admin('POST', `${acct}/folders`, { displayName: 'Clients' });
    const clients2 = (await again.graph.api('/me/contactFolders').get()).value[1].id;
    await h.admin('POST', `${acct}/folders`, { displayName: 'Key Accounts', parentFolderId: clients2 });

    const children = await again.graph.api(`/me/contactFolders/${clients2}/childFolders`).get();
    expect(children.value.map((f: { displayName: string; parentFolderId: string }) => [f.displayName, f.parentFolderId])).toEqual([['Key Accounts', clients2]]);
    expect((await again.graph.api(`/me/contactFolders/${clients2}`).get()).displayName).toBe('Clients');
    expect(key).not.toBe(clients2);

    const paged = await again.graph.api('/me/contactFolders').top(1).get();
    expect(paged.value).toHaveLength(1);
    expect(paged['@odata.nextLink']).toBe(`${h.base}/v1.0/me/contactFolders?$top=1&$skip=1`);
    const second = await again.graph.api(MicrosoftTestClient.pathOf(paged['@odata.nextLink'])).get();
    expect(second.value[0].displayName).toBe('Clients');
    expect(second['@odata.nextLink']).toBeUndefined();

    const missing = await rejectionOf(again.graph.api('/me/contactFolders/AQMkADnope').get());
    expect(missing).toBeInstanceOf(GraphError);
    expect([missing.statusCode, missing.code]).toEqual([404, 'ErrorItemNotFound']);
  });

  it('lists and gets contacts with Graph fields, $top, $select and nextLink paging', async () => {
    const { graph } = await ms.accountWithToken(EMAIL);
    const clients = await folder('Clients');
    const [ada] = await seed([
      {
        givenName: 'Ada',
        surname: 'Lovelace',
        displayName: 'Ada Lovelace',
        emailAddresses: [{ name: 'Ada', address: 'ada@example.org' }],
        businessPhones: ['+44 20 7946 0018'],
        homeAddress: { street: '12 St James Sq', city: 'London', countryOrRegion: 'UK' },
        birthday: '1815-12-10',
        companyName: 'Analytical Engines',
      },
      ...Array.from({ length: 24 }, (_, i) => ({ givenName: `P${i}` })),
    ]);
    await seed([{ givenName: 'InClients', folderId: clients }]);

    const first = await graph.api('/me/contacts').get();
    expect(first.value).toHaveLength(10); // Outlook's default page size
    const contact = first.value[0];
    expect(contact).toMatchObject({
      '@odata.etag': `W/"${contact.changeKey}"`,
      id: ada,
      parentFolderId: (await graph.api('/me/contactFolders').get()).value[0].id,
      givenName: 'Ada',
      emailAddresses: [{ name: 'Ada', address: 'ada@example.org' }],
      businessPhones: ['+44 20 7946 0018'],
      homePhones: [],
      mobilePhone: null,
      homeAddress: { street: '12 St James Sq', city: 'London', countryOrRegion: 'UK' },
      businessAddress: {},
      birthday: '1815-12-10T00:00:00Z',
      createdDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    let all = [...first.value];
    let next = first['@odata.nextLink'];
    while (next) {
      const page = await graph.api(MicrosoftTestClient.pathOf(next)).get();
      all = all.concat(page.value);
      next = page['@odata.nextLink'];
    }
    expect(all).toHaveLength(25); // the default folder only

    const selected = await graph.api('/me/contacts').select(['displayName', 'surname']).top(2).get();
    expect(Object.keys(selected.value[0]).sort()).toEqual(['@odata.etag', 'displayName', 'id', 'surname']);
    expect(selected['@odata.nextLink']).toContain('$select=displayName,surname');
    expect((await graph.api(`/me/contactFolders/${clients}/contacts`).get()).value.map((c: { givenName: string }) => c.givenName)).toEqual(['InClients']);
    expect((await graph.api(`/me/contacts/${ada}`).select('givenName').get()).givenName).toBe('Ada');
    expect((await graph.api(`/users/${EMAIL}/contacts/${ada}`).get()).surname).toBe('Lovelace');
    const wrongFolder = await rejectionOf(graph.api(`/me/contactFolders/${clients}/contacts/${ada}`).get());
    expect(wrongFolder.statusCode).toBe(404);
    const badSelect = await rejectionOf(graph.api('/me/contacts').select('shoeSize').get());
    expect([badSelect.statusCode, badSelect.code]).toEqual([400, 'RequestBroker--ParseUri']);
  });

  it('runs a full delta round over several pages, then returns exactly the edits, additions, deletions and moves', async () => {
    const { graph } = await ms.accountWithToken(EMAIL);
    const clients = await folder('Clients');
    const other = await folder('Other');
    const ids = await seed(Array.from({ length: 7 }, (_, i) => ({ givenName: `C${i}`, surname: 'Delta', folderId: clients })));
    const [edited, deleted, movedOut, untouched] = ids;
    const [movedIn] = await seed([{ givenName: 'Elsewhere', folderId: other }]);

    // A client follows @odata.nextLink until a page carries @odata.deltaLink instead.
    const start = `/me/contactFolders/${clients}/contacts/delta`;
    const full = await ms.deltaRound(graph, `${start}?$select=givenName,surname`, 3);
    expect(full.pages.map((p) => [p.value.length, Boolean(p['@odata.nextLink']), Boolean(p['@odata.deltaLink'])])).toEqual([
      [3, true, false],
      [3, true, false],
      [1, false, true],
    ]);
    expect(full.pages[0]!['@odata.nextLink']).toMatch(new RegExp(`^${h.base}/v1\\.0/me/contactFolders/${clients}/contacts/delta\\?\\$skiptoken=[\\w.-]+$`));
    expect(full.deltaLink).toMatch(new RegExp(`^${h.base}/v1\\.0/me/contactFolders/${clients}/contacts/delta\\?\\$deltatoken=[\\w-]+$`));
    expect(full.items.map((c) => c.id)).toEqual(ids);
    // $select of the first request is kept in the links.
    expect(Object.keys(full.items[0]!).sort()).toEqual(['@odata.etag', '@odata.type', 'givenName', 'id', 'surname']);
    const etagBefore = full.items.find((c) => c.id === edited)!['@odata.etag'];

    const before = (await h.admin('GET', `${acct}/contacts/${edited}`)).body;
    const patched = await h.admin('PATCH', `${acct}/contacts/${edited}`, { givenName: 'Edited', mobilePhone: '+1 555 0100' });
    expect(patched.status).toBe(200);
    expect(patched.body.changeKey).not.toBe(before.changeKey);
    expect(patched.body['@odata.etag']).not.toBe(before['@odata.etag']);
    expect(patched.body.surname).toBe('Delta');
    expect((await h.admin('DELETE', `${acct}/contacts/${deleted}`)).status).toBe(204);
    // A moved contact gets a new id (no Prefer: IdType="ImmutableId" here), as Outlook items do.
    const movedOutNow = (await h.admin('PATCH', `${acct}/contacts/${movedOut}`, { folderId: other })).body.id as string;
    const movedInNow = (await h.admin('PATCH', `${acct}/contacts/${movedIn}`, { folderId: clients })).body.id as string;
    expect([movedOutNow === movedOut, movedInNow === movedIn]).toEqual([false, false]);
    const [added] = await seed([{ givenName: 'New', folderId: clients }]);

    const delta = await ms.deltaRound(graph, full.deltaLink, 2);
    expect(delta.pages.map((p) => p.value.length)).toEqual([2, 2, 1]);
    const byId = new Map(delta.items.map((c) => [c.id as string, c]));
    expect([...byId.keys()].sort()).toEqual([edited, deleted, movedOut, movedInNow, added].sort());
    expect(byId.has(untouched!)).toBe(false);
    expect(byId.get(edited!)).toMatchObject({ givenName: 'Edited', '@odata.type': '#microsoft.graph.contact' });
    expect(byId.get(edited!)!['@odata.etag']).not.toBe(etagBefore);
    expect(Object.keys(byId.get(edited!)!)).not.toContain('mobilePhone'); // still the round's $select
    for (const gone of [deleted, movedOut]) expect(byId.get(gone!)).toEqual({ '@odata.type': '#microsoft.graph.contact', id: gone, '@removed': { reason: 'deleted' } });
    expect(byId.get(movedInNow)).toMatchObject({ givenName: 'Elsewhere' });

    // The other folder's round sees the move from its side.
    const otherFull = await ms.deltaRound(graph, `/me/contactFolders/${other}/contacts/delta`);
    expect(otherFull.items.map((c) => c.id)).toEqual([movedOutNow]);

    const quiet = await ms.deltaRound(graph, delta.deltaLink);
    expect(quiet.pages).toEqual([{ '@odata.context': expect.any(String), '@odata.deltaLink': expect.any(String), value: [] }]);
    // The qualified function name works as well.
    const qualified = await graph.api(`/me/contactFolders/${clients}/contacts/microsoft.graph.delta()`).get();
    expect(qualified['@odata.deltaLink']).toContain('/contacts/microsoft.graph.delta()?$deltatoken=');
  });

  it('echoes Preference-Applied and answers expired, unknown and garbage tokens with 410 SyncStateNotFound', async () => {
    const { tokens, graph } = await ms.accountWithToken(EMAIL);
    await seed([{ givenName: 'A' }, { givenName: 'B' }]);
    const def = (await graph.api('/me/contactFolders').get()).value[0].id;
    const url = `${h.base}/v1.0/me/contactFolders/${def}/contacts/delta`;
    const raw = await fetch(url, { headers: { authorization: `Bearer ${tokens.access_token}`, prefer: 'odata.maxpagesize=1' } });
    expect(raw.headers.get('preference-applied')).toBe('odata.maxpagesize=1');
    const firstPage = (await raw.json()) as Record<string, string>;
    const round = await ms.deltaRound(graph, `/me/contactFolders/${def}/contacts/delta`);

    expect((await h.admin('POST', `${acct}/expire-delta-tokens`)).status).toBe(204);
    for (const link of [round.deltaLink, firstPage['@odata.nextLink'], `${url}?$deltatoken=never-issued`, `${url}?$skiptoken=garbage`]) {
      const err = await rejectionOf(graph.api(MicrosoftTestClient.pathOf(link)).get());
      expect(err).toBeInstanceOf(GraphError);
      expect([err.statusCode, err.code]).toEqual([410, 'SyncStateNotFound']);
    }
    const res = await fetch(`${url}?$deltatoken=x`, { headers: { authorization: `Bearer ${tokens.access_token}`, 'client-request-id': 'my-id' } });
    expect(res.status).toBe(410);
    expect(await res.json()).toEqual({
      error: {
        code: 'SyncStateNotFound',
        message: expect.stringContaining('sync state'),
        innerError: { date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/), 'request-id': expect.any(String), 'client-request-id': 'my-id' },
      },
    });
  });

  it('serves contact photos: metadata, bytes, and 404 ErrorItemNotFound without one', async () => {
    const { graph } = await ms.accountWithToken(EMAIL);
    const [withPhoto, without] = await seed([{ givenName: 'Pic', photo: { contentType: 'image/png', base64: PNG } }, { givenName: 'NoPic' }]);
    const meta = await graph.api(`/me/contacts/${withPhoto}/photo`).get();
    expect(meta).toMatchObject({ '@odata.mediaContentType': 'image/png', '@odata.mediaEtag': expect.stringMatching(/^W\/"/), id: '1X1', height: 1, width: 1 });
    const bytes: ArrayBuffer = await graph.api(`/me/contacts/${withPhoto}/photo/$value`).responseType(ResponseType.ARRAYBUFFER).get();
    expect(Buffer.from(bytes).equals(Buffer.from(PNG, 'base64'))).toBe(true);
    const noPhoto = await rejectionOf(graph.api(`/me/contacts/${without}/photo/$value`).get());
    expect([noPhoto.statusCode, noPhoto.code]).toEqual([404, 'ErrorItemNotFound']);

    // photo: null removes it; a new photo changes the media etag.
    await h.admin('PATCH', `${acct}/contacts/${withPhoto}`, { photo: null });
    expect((await rejectionOf(graph.api(`/me/contacts/${withPhoto}/photo`).get())).statusCode).toBe(404);
    const counts = (await h.admin('GET', `/requests?account=${EMAIL}`)).body.byOperation;
    expect(counts['graph.contacts.photo']).toBe(4);
  });

  it('refuses bad tokens (401), tokens without a contacts scope and other users (403), and injects 429 with Retry-After', async () => {
    const { graph, tokens } = await ms.accountWithToken(EMAIL);
    const bogus = await rejectionOf(ms.graph('EwBnot-issued').api('/me/contactFolders').get());
    expect([bogus.statusCode, bogus.code]).toEqual([401, 'InvalidAuthenticationToken']);
    const anonymous = await fetch(`${h.base}/v1.0/me/contacts`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await anonymous.json()) as { error: unknown }).error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });

    const noContacts = await ms.authorize({ email: EMAIL, scope: ['openid', 'offline_access', 'User.Read'] });
    const forbidden = await rejectionOf(ms.graph(noContacts.access_token).api('/me/contacts').get());
    expect([forbidden.statusCode, forbidden.code]).toEqual([403, 'ErrorAccessDenied']);
    expect((await ms.graph(noContacts.access_token).api('/me').get()).mail).toBe(EMAIL);
    expect((await rejectionOf(graph.api('/users/someone@else.example/contacts').get())).statusCode).toBe(403);

    expect((await h.admin('POST', '/faults', { status: 429, count: 1, retryAfterSeconds: 7, provider: 'microsoft', operation: 'graph.contacts.list' })).status).toBe(201);
    await h.admin('POST', '/faults', { status: 503, count: 1, provider: 'microsoft', account: EMAIL, retryAfterSeconds: 3 });
    const throttled = await fetch(`${h.base}/v1.0/me/contacts`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '7']);
    expect(((await throttled.json()) as { error: unknown }).error).toMatchObject({ code: 'ApplicationThrottled', innerError: { 'request-id': expect.any(String) } });
    const outage = await rejectionOf(graph.api('/me/contactFolders').get());
    expect([outage.statusCode, outage.code, outage.headers.get('retry-after')]).toEqual([503, 'serviceNotAvailable', '3']);
    expect((await graph.api('/me/contacts').get()).value).toEqual([]);

    // Refused (403) and fault-injected calls count, as for Google.
    const counts = (await h.admin('GET', `/requests?account=${EMAIL}`)).body;
    expect(counts.byOperation).toMatchObject({ 'graph.contacts.list': 4, 'graph.contactFolders.list': 1, 'oauth.token': 2 });
    // The Google account of the same address is another account: Google faults do not hit it.
    await h.admin('POST', '/faults', { status: 429, count: 1, provider: 'google' });
    expect((await graph.api('/me/contacts').get()).value).toEqual([]);
  });
});
