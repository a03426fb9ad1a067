import { EmulatorHarness, rejectionOf } from '../../testing/emulator-harness';
import { MicrosoftTestClient, MS_SCOPES } from '../../testing/microsoft-client';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

const EMAIL = 'mover@outlook.example';
const acct = `/microsoft/accounts/${EMAIL}`;
const READ_WRITE = [...MS_SCOPES.filter((s) => !s.endsWith('Contacts.Read')), 'https://graph.microsoft.com/Contacts.ReadWrite'];
const IMMUTABLE = 'IdType="ImmutableId"';

/** Outlook ids change when a contact moves to another folder unless the client asks for immutable ids. */
describe('Graph contact ids across moves, and Prefer: IdType="ImmutableId"', () => {
  const h = EmulatorHarness.forSuite();
  const ms = new MicrosoftTestClient(h);
  const folder = async (displayName: string) => (await h.admin('POST', `${acct}/folders`, { displayName })).body.id as string;

  it('answers with immutable ids when asked; both kinds of id address the contact', async () => {
    const { graph } = await ms.accountWithToken(EMAIL, READ_WRITE);
    const created = await graph.api('/me/contacts').header('Prefer', IMMUTABLE).post({ givenName: 'Ivy' });
    expect(created.id).toMatch(/^AAkAL/);
    const regular = await graph.api(`/me/contacts/${created.id}`).get();
    expect(regular.id).toMatch(/^AAMkAD/);
    expect((await graph.api(`/me/contacts/${regular.id}`).header('Prefer', IMMUTABLE).get()).id).toBe(created.id);
    const listed = await graph.api('/me/contacts').header('Prefer', `odata.maxpagesize=5, ${IMMUTABLE}`).get();
    expect(listed.value.map((c: { id: string }) => c.id)).toEqual([created.id]);
    expect((await graph.api(`/me/contacts/${created.id}`).header('Prefer', IMMUTABLE).patch({ jobTitle: 'Boss' })).id).toBe(created.id);
    await graph.api(`/me/contacts/${created.id}`).delete();
    expect(await rejectionOf(graph.api(`/me/contacts/${regular.id}`).get())).toMatchObject({ statusCode: 404 });
  });

  it('a move gives a new regular id (the old one answers 404) and keeps the immutable id; delta shows it either way', async () => {
    const { graph } = await ms.accountWithToken(EMAIL, READ_WRITE);
    const [from, to] = [await folder('From'), await folder('To')];
    const r1 = (await graph.api(`/me/contactFolders/${from}/contacts`).post({ givenName: 'Mo' })).id as string;
    const i1 = (await graph.api(`/me/contacts/${r1}`).header('Prefer', IMMUTABLE).get()).id as string;
    const start = (f: string) => `/me/contactFolders/${f}/contacts/delta`;
    const rounds = { from: await ms.deltaRound(graph, start(from)), to: await ms.deltaRound(graph, start(to)) };
    const immutable = await graph.api(start(from)).header('Prefer', IMMUTABLE).get();
    expect(immutable.value.map((c: { id: string }) => c.id)).toEqual([i1]);

    // The user drags the contact to another folder in Outlook.
    const moved = await h.admin('PATCH', `${acct}/contacts/${r1}`, { folderId: to });
    const r2 = moved.body.id as string;
    expect(r2).not.toBe(r1);
    expect(await rejectionOf(graph.api(`/me/contacts/${r1}`).get())).toMatchObject({ statusCode: 404, code: 'ErrorItemNotFound' });
    expect(await graph.api(`/me/contacts/${r2}`).get()).toMatchObject({ id: r2, parentFolderId: to });
    expect(await graph.api(`/me/contacts/${i1}`).header('Prefer', IMMUTABLE).get()).toMatchObject({ id: i1, parentFolderId: to });

    // Without the preference: removed under the old id, added under the new one.
    expect((await ms.deltaRound(graph, rounds.from.deltaLink)).items).toEqual([{ '@odata.type': '#microsoft.graph.contact', id: r1, '@removed': { reason: 'deleted' } }]);
    expect((await ms.deltaRound(graph, rounds.to.deltaLink)).items.map((c) => c.id)).toEqual([r2]);
    // With it: the same id on both sides.
    const fromNext = await graph.api(MicrosoftTestClient.pathOf(immutable['@odata.deltaLink'])).header('Prefer', IMMUTABLE).get();
    expect(fromNext.value).toEqual([{ '@odata.type': '#microsoft.graph.contact', id: i1, '@removed': { reason: 'deleted' } }]);
    const toNow = await graph.api(start(to)).header('Prefer', IMMUTABLE).get();
    expect(toNow.value.map((c: { id: string }) => c.id)).toEqual([i1]);

    // The admin API still takes the id the test seeded with.
    expect((await h.admin('GET', `${acct}/contacts/${r1}`)).body.id).toBe(r2);
    expect((await h.admin('GET', `${acct}/contacts/${r1}/last-change`)).body).toMatchObject({ by: 'admin', deleted: false });
  });
});
