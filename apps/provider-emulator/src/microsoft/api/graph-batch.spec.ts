import { BatchRequestContent, BatchResponseContent, type BatchRequestStep } from '@microsoft/microsoft-graph-client';
import { EmulatorHarness, rejectionOf } from '../../testing/emulator-harness';
import { MicrosoftTestClient, MS_SCOPES } from '../../testing/microsoft-client';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

const EMAIL = 'batch@outlook.example';
const acct = `/microsoft/accounts/${EMAIL}`;
const READ_WRITE = [...MS_SCOPES.filter((s) => !s.endsWith('Contacts.Read')), 'https://graph.microsoft.com/Contacts.ReadWrite'];

interface Entry {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** `POST /v1.0/$batch` through @microsoft/microsoft-graph-client (its BatchRequestContent where its checks allow). */
describe('Graph JSON batching ($batch) through @microsoft/microsoft-graph-client', () => {
  const h = EmulatorHarness.forSuite();
  const ms = new MicrosoftTestClient(h);
  const folder = async (displayName: string) => (await h.admin('POST', `${acct}/folders`, { displayName })).body.id as string;
  const counts = async () => (await h.admin('GET', `/requests?account=${EMAIL}`)).body.byOperation;
  /** A batch step as the SDK builds it: a fetch Request on the Graph URL (BatchRequestContent keeps `/v1.0/...`). */
  const step = (id: string, method: string, path: string, body?: unknown): BatchRequestStep => ({
    id,
    request: new Request(`${h.base}/v1.0${path}`, { method, ...(body ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}) }),
  });
  const byId = (raw: { responses: Entry[] }) => new Map(raw.responses.map((r) => [r.id, r]));

  it('runs creates and a read in one batch (serial dependsOn via BatchRequestContent); each request is counted; the next delta brings the writes back', async () => {
    const { graph } = await ms.accountWithToken(EMAIL, READ_WRITE);
    const clients = await folder('Clients');
    const first = await ms.deltaRound(graph, `/me/contactFolders/${clients}/contacts/delta`);

    const content = new BatchRequestContent([
      step('1', 'POST', `/me/contactFolders/${clients}/contacts`, { givenName: 'Ada', surname: 'Lovelace' }),
      step('2', 'POST', `/me/contactFolders/${clients}/contacts`, { givenName: 'Bob' }),
      step('3', 'GET', `/me/contactFolders/${clients}/contacts?$select=givenName`),
    ]);
    content.addDependency('2', '1');
    content.addDependency('3', '2');
    const raw = await graph.api('/$batch').post(await content.getContent());
    const responses = new BatchResponseContent(raw);
    const created = await responses.getResponseById('1').json();
    expect([responses.getResponseById('1').status, responses.getResponseById('2').status, responses.getResponseById('3').status]).toEqual([201, 201, 200]);
    expect(created).toMatchObject({ id: expect.any(String), displayName: 'Ada Lovelace', parentFolderId: clients });
    const listed = await responses.getResponseById('3').json();
    expect(listed.value.map((c: { givenName: string }) => c.givenName)).toEqual(['Ada', 'Bob']);
    expect(raw.responses.map((r: Entry) => r.headers?.['Content-Type'])).toEqual(['application/json', 'application/json', 'application/json']);

    expect(await counts()).toMatchObject({ 'graph.batch': 1, 'graph.contacts.create': 2, 'graph.contacts.list': 1 });
    expect((await h.admin('GET', `${acct}/contacts/${encodeURIComponent(created.id)}/last-change`)).body).toMatchObject({ by: 'api', operation: 'graph.contacts.create' });
    const next = await ms.deltaRound(graph, first.deltaLink);
    expect(next.items.map((c) => c.givenName)).toEqual(['Ada', 'Bob']);
  });

  it('answers 424 for requests whose dependency failed, runs the rest, and answers 200 for the batch', async () => {
    const { graph } = await ms.accountWithToken(EMAIL, READ_WRITE);
    const ok = await graph.api('/me/contacts').post({ givenName: 'Cy' });
    const raw = await graph.api('/$batch').post({
      requests: [
        { id: 'a', method: 'PATCH', url: '/me/contacts/AAMkADnope', headers: { 'Content-Type': 'application/json' }, body: { givenName: 'X' } },
        { id: 'b', method: 'DELETE', url: `/me/contacts/${ok.id}`, dependsOn: ['A'] },
        { id: 'c', method: 'GET', url: '/me/contacts', dependsOn: ['b'] },
        { id: 'd', method: 'PATCH', url: `/me/contacts/${ok.id}`, headers: { 'Content-Type': 'application/json' }, body: { shoeSize: 44 } },
        { id: 'e', method: 'GET', url: `/me/contacts/${ok.id}` },
      ],
    });
    const r = byId(raw);
    expect([...r.values()].map((e) => [e.id, e.status])).toEqual([
      ['a', 404],
      ['b', 424],
      ['c', 424],
      ['d', 400],
      ['e', 200],
    ]);
    expect(r.get('a')!.body.error).toMatchObject({ code: 'ErrorItemNotFound', innerError: expect.objectContaining({ 'request-id': expect.any(String) }) });
    expect(r.get('b')!.body.error).toMatchObject({ code: 'FailedDependency' });
    expect(r.get('d')!.body.error.code).toBe('RequestBodyRead');
    // The dependent DELETE never ran.
    expect((await graph.api(`/me/contacts/${ok.id}`).get()).givenName).toBe('Cy');
    expect((await counts())['graph.contacts.delete']).toBeUndefined();
  });

  it('refuses the whole batch with 400: more than 20 requests, duplicate ids, a dependency on a later or unknown request, a malformed body', async () => {
    const { graph } = await ms.accountWithToken(EMAIL, READ_WRITE);
    const get = (id: string, extra: Record<string, unknown> = {}) => ({ id, method: 'GET', url: '/me/contacts', ...extra });
    const twenty = Array.from({ length: 20 }, (_, i) => get(String(i + 1)));
    expect((await graph.api('/$batch').post({ requests: twenty })).responses).toHaveLength(20);
    for (const body of [
      { requests: [...twenty, get('21')] },
      { requests: [get('1'), get('X'), get('x')] },
      { requests: [get('1', { dependsOn: ['2'] }), get('2')] },
      { requests: [get('1', { dependsOn: ['nope'] })] },
      { requests: [] },
      { requests: [{ id: '1', method: 'GET' }] },
      { nothing: true },
    ]) {
      const refused = await rejectionOf(graph.api('/$batch').post(body));
      expect([refused.statusCode, refused.code]).toEqual([400, 'BadRequest']);
    }
    const tooMany = await rejectionOf(graph.api('/$batch').post({ requests: [...twenty, get('21')] }));
    expect(tooMany.message).toContain('at most 20');
    expect((await counts())['graph.batch']).toBe(9); // refused batches are counted too
    expect((await counts())['graph.contacts.list']).toBe(20);
  });

  it('takes injected faults per request (429 with Retry-After in that entry), checks the scope per request, and needs a token for the batch', async () => {
    const { graph } = await ms.accountWithToken(EMAIL, READ_WRITE);
    await h.admin('POST', '/faults', { status: 429, count: 1, operation: 'graph.contacts.create', retryAfterSeconds: 7 });
    const create = (id: string) => ({ id, method: 'POST', url: '/me/contacts', headers: { 'Content-Type': 'application/json' }, body: { givenName: `P${id}` } });
    const raw = await graph.api('/$batch').post({ requests: [create('1'), create('2'), create('3')] });
    const statuses = raw.responses.map((e: Entry) => e.status).sort();
    expect(statuses).toEqual([201, 201, 429]);
    const throttled = raw.responses.find((e: Entry) => e.status === 429) as Entry;
    expect(throttled.headers).toMatchObject({ 'Retry-After': '7' });
    expect(throttled.body.error).toMatchObject({ code: 'ApplicationThrottled', message: 'Application is over its MailboxConcurrency limit.' });

    const { graph: readOnly } = await ms.accountWithToken(EMAIL);
    const mixed = byId(await readOnly.api('/$batch').post({ requests: [{ id: 'r', method: 'GET', url: '/me/contacts' }, create('w')] }));
    expect([mixed.get('r')!.status, mixed.get('w')!.status, mixed.get('w')!.body.error.code]).toEqual([200, 403, 'ErrorAccessDenied']);

    const anonymous = await fetch(`${h.base}/v1.0/$batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requests: [create('1')] }) });
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe('InvalidAuthenticationToken');
  });

  it('takes request urls in the spellings of the docs and the SDK; unknown paths and methods answer per request', async () => {
    const { graph } = await ms.accountWithToken(EMAIL, READ_WRITE);
    await graph.api('/me/contacts').post({ givenName: 'Dee' });
    const raw = await graph.api('/$batch').post({
      requests: [
        { id: '1', method: 'GET', url: '/me/contacts?$select=givenName&$top=1' },
        { id: '2', method: 'GET', url: 'me/contacts' },
        { id: '3', method: 'GET', url: '/v1.0/me/contacts' },
        { id: '4', method: 'GET', url: `/users/${EMAIL}/contacts` },
        { id: '5', method: 'GET', url: '/me/nothing' },
        { id: '6', method: 'PUT', url: '/me/contacts', headers: { 'Content-Type': 'application/json' }, body: {} },
        { id: '7', method: 'POST', url: '/me/contacts', body: { givenName: 'NoType' } },
        { id: '8', method: 'GET', url: '/users/someone-else@outlook.example/contacts' },
      ],
    });
    const r = byId(raw);
    expect([...r.values()].map((e) => e.status)).toEqual([200, 200, 200, 200, 400, 405, 400, 403]);
    expect(Object.keys(r.get('1')!.body.value[0]).sort()).toEqual(['@odata.etag', 'givenName', 'id']);
    expect(r.get('5')!.body.error.message).toBe("Resource not found for the segment 'nothing'.");
  });
});
