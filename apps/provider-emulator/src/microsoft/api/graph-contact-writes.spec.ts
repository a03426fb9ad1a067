import { EmulatorHarness, rejectionOf } from '../../testing/emulator-harness';
import { MicrosoftTestClient, MS_SCOPES } from '../../testing/microsoft-client';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

const EMAIL = 'writer@outlook.example';
const acct = `/microsoft/accounts/${EMAIL}`;
const READ_WRITE = [...MS_SCOPES.filter((s) => !s.endsWith('Contacts.Read')), 'https://graph.microsoft.com/Contacts.ReadWrite'];

/** Graph contact writes through the real @microsoft/microsoft-graph-client, only its base URL changed. */
describe('Graph contact writes (POST, PATCH, DELETE) through @microsoft/microsoft-graph-client', () => {
  const h = EmulatorHarness.forSuite();
  const ms = new MicrosoftTestClient(h);
  const folder = async (displayName: string) => (await h.admin('POST', `${acct}/folders`, { displayName })).body.id as string;
  const lastChange = async (id: string) => (await h.admin('GET', `${acct}/contacts/${encodeURIComponent(id)}/last-change`)).body;

  it('creates in a folder (201, displayName composed), and the next delta round brings our own write back', async () => {
    const { graph } = await ms.accountWithToken(EMAIL, READ_WRITE);
    const clients = await folder('Clients');
    const first = await ms.deltaRound(graph, `/me/contactFolders/${clients}/contacts/delta`);

    const created = await graph.api(`/me/contactFolders/${clients}/contacts`).post({ givenName: 'Ada', surname: 'Lovelace', emailAddresses: [{ address: 'ada@work.example', name: 'Ada' }] });
    expect(created).toMatchObject({ id: expect.any(String), changeKey: expect.any(String), parentFolderId: clients, displayName: 'Ada Lovelace', givenName: 'Ada' });
    expect(await lastChange(created.id)).toMatchObject({ by: 'api', operation: 'graph.contacts.create', deleted: false });

    const next = await ms.deltaRound(graph, first.deltaLink);
    expect(next.items.map((c) => [c.id, c.changeKey])).toEqual([[created.id, created.changeKey]]);
  });

  it('PATCH changes what it names, recomposes displayName when the name changes without one, and moves the changeKey', async () => {
    const { graph } = await ms.accountWithToken(EMAIL, READ_WRITE);
    const created = await graph.api('/me/contacts').post({ givenName: 'Bob', surname: 'Builder', displayName: 'Bobby B', jobTitle: 'Builder' });
    expect(created.displayName).toBe('Bobby B');
    const renamed = await graph.api(`/me/contacts/${created.id}`).patch({ givenName: 'Robert' });
    expect(renamed).toMatchObject({ givenName: 'Robert', surname: 'Builder', displayName: 'Robert Builder', jobTitle: 'Builder' });
    expect(renamed.changeKey).not.toBe(created.changeKey);
    const kept = await graph.api(`/me/contacts/${created.id}`).patch({ surname: 'Brown', displayName: 'Bobby B' });
    expect(kept.displayName).toBe('Bobby B');
    const other = await graph.api(`/me/contacts/${created.id}`).patch({ jobTitle: null });
    expect(other).toMatchObject({ displayName: 'Bobby B', jobTitle: null });
    expect(await lastChange(created.id)).toMatchObject({ by: 'api', operation: 'graph.contacts.update' });
    await h.admin('PATCH', `${acct}/contacts/${encodeURIComponent(created.id)}`, { jobTitle: 'Boss' });
    expect(await lastChange(created.id)).toMatchObject({ by: 'admin' });
  });

  it('refuses Outlook\'s field limits (4 e-mails, 3 business phones) and unknown properties with 400; unknown ids 404', async () => {
    const { graph } = await ms.accountWithToken(EMAIL, READ_WRITE);
    const emails = Array.from({ length: 4 }, (_, i) => ({ address: `a${i}@x.example` }));
    const tooMany = await rejectionOf(graph.api('/me/contacts').post({ givenName: 'Cy', emailAddresses: emails }));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body ?? tooMany.message).toContain('The multi value property EmailAddresses has 4 entries, that exceeds the max allowed value of 3');
    const phones = await rejectionOf(graph.api('/me/contacts').post({ givenName: 'Cy', businessPhones: ['1', '2', '3'] }));
    expect(phones.statusCode).toBe(400);
    expect(phones.body ?? phones.message).toContain('BusinessPhones has 3 entries, that exceeds the max allowed value of 2');
    const unknownProp = await rejectionOf(graph.api('/me/contacts').post({ givenName: 'Cy', folderId: 'x' }));
    expect(unknownProp).toMatchObject({ statusCode: 400, code: 'RequestBodyRead' });
    const three = await graph.api('/me/contacts').post({ givenName: 'Cy', emailAddresses: emails.slice(0, 3), businessPhones: ['1', '2'] });
    expect(three.emailAddresses).toHaveLength(3);
    expect(await rejectionOf(graph.api('/me/contacts/AAMkADnope').patch({ givenName: 'X' }))).toMatchObject({ statusCode: 404, code: 'ErrorItemNotFound' });
  });

  it('DELETE answers 204; the contact is gone and the next delta round lists it @removed', async () => {
    const { graph } = await ms.accountWithToken(EMAIL, READ_WRITE);
    const clients = await folder('Clients');
    const created = await graph.api(`/me/contactFolders/${clients}/contacts`).post({ givenName: 'Di' });
    const first = await ms.deltaRound(graph, `/me/contactFolders/${clients}/contacts/delta`);
    await graph.api(`/me/contactFolders/${clients}/contacts/${created.id}`).delete();
    expect(await rejectionOf(graph.api(`/me/contacts/${created.id}`).get())).toMatchObject({ statusCode: 404 });
    const next = await ms.deltaRound(graph, first.deltaLink);
    expect(next.items).toEqual([expect.objectContaining({ id: created.id, '@removed': { reason: 'deleted' } })]);
    expect(await lastChange(created.id)).toMatchObject({ by: 'api', operation: 'graph.contacts.delete', deleted: true });
  });

  it('writes need Contacts.ReadWrite: a Contacts.Read token gets 403 ErrorAccessDenied, counted; reads still work', async () => {
    const { graph } = await ms.accountWithToken(EMAIL);
    expect(await rejectionOf(graph.api('/me/contacts').post({ givenName: 'Ed' }))).toMatchObject({ statusCode: 403, code: 'ErrorAccessDenied' });
    expect((await graph.api('/me/contacts').get()).value).toEqual([]);
    const counts = (await h.admin('GET', `/requests?account=${EMAIL}`)).body;
    expect(counts.byOperation['graph.contacts.create']).toBe(1);
  });
});
