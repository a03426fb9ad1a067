import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChangePage, PullResult } from '../contact-provider-driver';
import { ProviderRateLimitError, ProviderRequestError, SyncCursorExpiredError } from '../provider-errors';
import { defaultContactFolderIdOf, MicrosoftContactsDriver } from './microsoft-contacts-driver';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

interface Seen {
  path: string;
  auth?: string;
  prefer?: string;
}

type Handler = (url: URL, req: IncomingMessage, res: ServerResponse) => void;

/** A local Graph stand-in: routes by pathname + search, records every request. */
async function stub(routes: (base: string) => Record<string, Handler>): Promise<{ base: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  let table: Record<string, Handler> = {};
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    seen.push({ path: decodeURIComponent(url.pathname + url.search), auth: req.headers.authorization, prefer: req.headers.prefer as string | undefined });
    const handler = table[decodeURIComponent(url.pathname + url.search)] ?? table[decodeURIComponent(url.pathname)];
    if (handler) return handler(url, req, res);
    json(res, 404, { error: { code: 'ErrorItemNotFound', message: `no route ${url.pathname}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  table = routes(base);
  return { base, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const reply = (body: unknown, status = 200, headers: Record<string, string> = {}): Handler => (_u, _q, res) => json(res, status, body, headers);

const contact = (id: string, given: string, extra: Record<string, unknown> = {}) => ({
  '@odata.etag': `W/"${id}-etag"`,
  id,
  changeKey: `${id}-ck`,
  lastModifiedDateTime: '2026-02-03T04:05:06Z',
  givenName: given,
  surname: 'Test',
  displayName: `${given} Test`,
  emailAddresses: [{ name: given, address: `${given.toLowerCase()}@x.example` }],
  ...extra,
});

async function collect(gen: AsyncGenerator<ChangePage>): Promise<ChangePage[]> {
  const pages: ChangePage[] = [];
  for await (const page of gen) pages.push(page);
  return pages;
}

describe('MicrosoftContactsDriver against a local Graph stub', () => {
  it('lists folders (paged, recursive, default folder as system) with the token on every call', async () => {
    const s = await stub((base) => ({
      '/v1.0/me/contactFolders': reply({
        value: [{ id: 'contacts-id', displayName: 'Contacts', parentFolderId: 'root', wellKnownName: 'contacts' }],
        '@odata.nextLink': `${base}/v1.0/me/contactFolders?$skiptoken=2`,
      }),
      '/v1.0/me/contactFolders?$skiptoken=2': reply({ value: [{ id: 'clients', displayName: 'Clients', parentFolderId: 'contacts-id' }] }),
      '/v1.0/me/contactFolders/contacts-id/childFolders': reply({ value: [{ id: 'clients', displayName: 'Clients', parentFolderId: 'contacts-id' }] }),
      '/v1.0/me/contactFolders/clients/childFolders': reply({ value: [{ id: 'suppliers', displayName: 'Suppliers', parentFolderId: 'clients' }] }),
      '/v1.0/me/contactFolders/suppliers/childFolders': reply({ value: [] }),
    }));
    try {
      const groups = await new MicrosoftContactsDriver(s.base).listGroups('tok-1');
      expect(groups).toEqual([
        { id: 'contacts-id', name: 'Contacts', kind: 'system' },
        { id: 'clients', name: 'Clients', kind: 'user' },
        { id: 'suppliers', name: 'Clients / Suppliers', kind: 'user' },
      ]);
      expect(s.seen.every((r) => r.auth === 'Bearer tok-1')).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('adds the default folder Graph v1.0 does not list (parent of the top-level folders)', async () => {
    const s = await stub(() => ({
      '/v1.0/me/contactFolders': reply({ value: [{ id: 'clients', displayName: 'Clients', parentFolderId: 'default-id' }] }),
      '/v1.0/me/contactFolders/clients/childFolders': reply({ value: [] }),
      '/v1.0/me/contactFolders/default-id': reply({ id: 'default-id', displayName: 'Kontakte', parentFolderId: 'root' }),
    }));
    try {
      expect(await new MicrosoftContactsDriver(s.base).listGroups('t')).toEqual([
        { id: 'default-id', name: 'Kontakte', kind: 'system' },
        { id: 'clients', name: 'Clients', kind: 'user' },
      ]);
    } finally {
      await s.close();
    }
  });

  it('follows nextLink to the deltaLink, fetches photos, maps @removed only on incremental rounds', async () => {
    const big = Buffer.alloc(600 * 1024, 1);
    const image = (type: string, bytes: Buffer): Handler => (_u, _q, res) => {
      res.writeHead(200, { 'content-type': type });
      res.end(bytes);
    };
    const s = await stub((base) => ({
      // First page: matched by path (its query is the $select); later pages by path and query.
      '/v1.0/me/contactFolders/clients/contacts/delta': reply({
        value: [contact('c1', 'Ada', { personalNotes: 'never' }), contact('c2', 'Bob'), { id: 'gone-before', '@removed': { reason: 'deleted' } }],
        '@odata.nextLink': `${base}/v1.0/me/contactFolders/clients/contacts/delta?$skiptoken=p2`,
      }),
      '/v1.0/me/contactFolders/clients/contacts/delta?$skiptoken=p2': reply({
        value: [contact('c3', 'Cy')],
        '@odata.deltaLink': `${base}/v1.0/me/contactFolders/clients/contacts/delta?$deltatoken=d1`,
      }),
      '/v1.0/me/contactFolders/clients/contacts/delta?$deltatoken=d1': reply({
        value: [contact('c4', 'Di'), { id: 'c2', '@removed': { reason: 'deleted' } }],
        '@odata.deltaLink': `${base}/v1.0/me/contactFolders/clients/contacts/delta?$deltatoken=d2`,
      }),
      '/v1.0/me/contactFolders/clients/contacts/c1/photo/$value': image('image/png', PNG),
      '/v1.0/me/contactFolders/clients/contacts/c3/photo/$value': image('image/jpeg', big),
      '/v1.0/me/contactFolders/clients/contacts/c4/photo/$value': image('image/jpeg', PNG),
    }));
    const base = s.base;
    const driver = new MicrosoftContactsDriver(base);
    try {
      const result: PullResult = { nextCursor: null };
      const full = await collect(driver.pull({ accessToken: 'tok', groupId: 'clients', cursor: null }, result));
      expect(full.map((p) => p.fetched)).toEqual([3, 1]);
      const upserts = full.flatMap((p) => p.changes);
      expect(upserts.map((c) => [c.kind, c.externalId])).toEqual([
        ['upsert', 'c1'],
        ['upsert', 'c2'],
        ['upsert', 'c3'],
      ]);
      const [c1, c2, c3] = upserts as Extract<(typeof upserts)[number], { kind: 'upsert' }>[];
      expect(c1?.etag).toBe('c1-ck');
      expect(c1?.updatedAt).toBe('2026-02-03T04:05:06Z');
      expect(c1?.contact.photoUrl).toBe(`data:image/png;base64,${PNG.toString('base64')}`);
      expect(c1?.contact).not.toHaveProperty('notes');
      expect(c2?.contact).not.toHaveProperty('photoUrl'); // 404: no photo
      expect(c3?.contact).not.toHaveProperty('photoUrl'); // over the size cap: skipped
      expect(result.nextCursor).toBe(`${base}/v1.0/me/contactFolders/clients/contacts/delta?$deltatoken=d1`);

      const first = s.seen.find((r) => r.path.startsWith('/v1.0/me/contactFolders/clients/contacts/delta?$select='));
      expect(first?.path).toContain('givenName');
      expect(first?.path).not.toContain('personalNotes');
      const deltaCalls = s.seen.filter((r) => r.path.includes('/contacts/delta'));
      expect(deltaCalls).toHaveLength(2);
      expect(deltaCalls.every((r) => r.prefer === 'odata.maxpagesize=1000' && r.auth === 'Bearer tok')).toBe(true);

      const next: PullResult = { nextCursor: null };
      const incremental = await collect(driver.pull({ accessToken: 'tok', groupId: 'clients', cursor: result.nextCursor }, next));
      expect(incremental).toHaveLength(1);
      expect(incremental[0]?.fetched).toBe(2);
      expect(incremental[0]?.changes.map((c) => [c.kind, c.externalId, c.kind === 'remove' ? c.reason : c.contact.photoUrl?.slice(0, 15)])).toEqual([
        ['upsert', 'c4', 'data:image/jpeg'],
        ['remove', 'c2', 'deleted'],
      ]);
      expect(next.nextCursor).toBe(`${base}/v1.0/me/contactFolders/clients/contacts/delta?$deltatoken=d2`);
    } finally {
      await s.close();
    }
  });

  it('maps 410 on a stored delta link to an expired cursor, and 429 without retrying', async () => {
    let throttled = 0;
    const s = await stub(() => ({
      '/v1.0/me/contactFolders/clients/contacts/delta?$deltatoken=old': reply({ error: { code: 'syncStateNotFound', message: 'gone' } }, 410),
      '/v1.0/me/contactFolders/clients/contacts/delta': (_u, _q, res) => {
        throttled++;
        json(res, 429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'Retry-After': '4' });
      },
    }));
    try {
      const driver = new MicrosoftContactsDriver(s.base);
      await expect(collect(driver.pull({ accessToken: 't', groupId: 'clients', cursor: `${s.base}/v1.0/me/contactFolders/clients/contacts/delta?$deltatoken=old` }, { nextCursor: null }))).rejects.toBeInstanceOf(
        SyncCursorExpiredError,
      );
      const err = await collect(driver.pull({ accessToken: 't', groupId: 'clients', cursor: null }, { nextCursor: null })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderRateLimitError);
      expect((err as ProviderRateLimitError).retryAfterMs).toBe(4000);
      expect(throttled).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('never follows a link to another host (the token stays with the configured Graph host)', async () => {
    const other = await stub(() => ({}));
    const s = await stub(() => ({
      '/v1.0/me/contactFolders/clients/contacts/delta': reply({ value: [], '@odata.nextLink': `${other.base}/v1.0/me/contactFolders/clients/contacts/delta?$skiptoken=x` }),
    }));
    try {
      const driver = new MicrosoftContactsDriver(s.base);
      await expect(collect(driver.pull({ accessToken: 'secret', groupId: 'clients', cursor: null }, { nextCursor: null }))).rejects.toBeInstanceOf(ProviderRequestError);
      await expect(collect(driver.pull({ accessToken: 'secret', groupId: 'clients', cursor: `${other.base}/v1.0/x?$deltatoken=1` }, { nextCursor: null }))).rejects.toBeInstanceOf(
        ProviderRequestError,
      );
      expect(other.seen).toEqual([]);
    } finally {
      await s.close();
      await other.close();
    }
  });

  it('resolves groupId null to the default Contacts folder', async () => {
    const s = await stub((base) => ({
      '/v1.0/me/contactFolders': reply({ value: [{ id: 'clients', displayName: 'Clients', parentFolderId: 'default-id' }] }),
      '/v1.0/me/contactFolders/default-id/contacts/delta': reply({ value: [], '@odata.deltaLink': `${base}/v1.0/me/contactFolders/default-id/contacts/delta?$deltatoken=z` }),
    }));
    try {
      const result: PullResult = { nextCursor: null };
      const pages = await collect(new MicrosoftContactsDriver(s.base).pull({ accessToken: 't', groupId: null, cursor: null }, result));
      expect(pages).toEqual([{ changes: [], fetched: 0 }]);
      expect(result.nextCursor).toContain('$deltatoken=z');
    } finally {
      await s.close();
    }
  });
});

describe('defaultContactFolderIdOf', () => {
  it('prefers the well-known name, then the listed root, then the common parent', () => {
    expect(defaultContactFolderIdOf([{ id: 'a', wellKnownName: 'contacts' }, { id: 'b', parentFolderId: 'x' }])).toEqual({ id: 'a', listed: true });
    expect(defaultContactFolderIdOf([{ id: 'c', parentFolderId: 'root' }, { id: 'd', parentFolderId: 'c' }])).toEqual({ id: 'c', listed: true });
    expect(defaultContactFolderIdOf([{ id: 'c', displayName: 'Contacts', parentFolderId: 'root' }])).toEqual({ id: 'c', listed: true });
    expect(defaultContactFolderIdOf([{ id: 'e', parentFolderId: 'p' }, { id: 'f', parentFolderId: 'p' }])).toEqual({ id: 'p', listed: false });
    expect(defaultContactFolderIdOf([])).toEqual({ listed: false });
  });
});
