import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChangePage, PullResult } from '../contact-provider-driver';
import { photoRefOf } from '@contact-sync/contact-model';
import { MAX_PHOTO_BYTES } from '@contact-sync/events';
import {
  ProviderAccessTokenRejectedError,
  ProviderPermissionError,
  ProviderRateLimitError,
  ProviderRequestError,
  SyncCursorExpiredError,
  SyncGroupNotFoundError,
} from '../provider-errors';
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
    const big = Buffer.alloc(MAX_PHOTO_BYTES + 1, 1);
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
      const full = await collect(driver.pull({ accessToken: async () => 'tok', groupId: 'clients', cursor: null }, result));
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
      // Bytes travel beside the contact (for the photo store); the contact carries only the reference.
      expect(c1?.photo?.bytes.equals(PNG)).toBe(true);
      expect(c1?.photo?.contentType).toBe('image/png');
      expect(c1?.contact.photo).toEqual(photoRefOf({ contentType: 'image/png', bytes: PNG }));
      expect(JSON.stringify(c1?.contact)).not.toContain(PNG.toString('base64'));
      expect(c1?.contact).not.toHaveProperty('notes');
      expect(c2?.contact).not.toHaveProperty('photo'); // 404: no photo, nothing to report
      expect(c2).not.toHaveProperty('photo');
      expect(c2).not.toHaveProperty('photoNotSynced');
      expect(c3?.contact).not.toHaveProperty('photo'); // over the size cap: skipped, with why
      expect(c3).not.toHaveProperty('photo');
      expect(c3?.kind === 'upsert' && c3.photoNotSynced).toMatch(/^larger than \d+ bytes$/);
      expect(full.every((p) => Array.isArray(p.quarantined) && p.quarantined.length === 0)).toBe(true);
      expect(result.nextCursor).toBe(`${base}/v1.0/me/contactFolders/clients/contacts/delta?$deltatoken=d1`);

      const first = s.seen.find((r) => r.path.startsWith('/v1.0/me/contactFolders/clients/contacts/delta?$select='));
      expect(first?.path).toContain('givenName');
      expect(first?.path).not.toContain('personalNotes');
      const deltaCalls = s.seen.filter((r) => r.path.includes('/contacts/delta'));
      expect(deltaCalls).toHaveLength(2);
      expect(deltaCalls.every((r) => r.prefer === 'odata.maxpagesize=1000, IdType="ImmutableId"' && r.auth === 'Bearer tok')).toBe(true);

      const next: PullResult = { nextCursor: null };
      const incremental = await collect(driver.pull({ accessToken: async () => 'tok', groupId: 'clients', cursor: result.nextCursor }, next));
      expect(incremental).toHaveLength(1);
      expect(incremental[0]?.fetched).toBe(2);
      expect(incremental[0]?.changes.map((c) => [c.kind, c.externalId, c.kind === 'remove' ? c.reason : c.contact.photo?.contentType])).toEqual([
        ['upsert', 'c4', 'image/jpeg'],
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
      await expect(collect(driver.pull({ accessToken: async () => 't', groupId: 'clients', cursor: `${s.base}/v1.0/me/contactFolders/clients/contacts/delta?$deltatoken=old` }, { nextCursor: null }))).rejects.toBeInstanceOf(
        SyncCursorExpiredError,
      );
      const err = await collect(driver.pull({ accessToken: async () => 't', groupId: 'clients', cursor: null }, { nextCursor: null })).catch((e: unknown) => e);
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
      await expect(collect(driver.pull({ accessToken: async () => 'secret', groupId: 'clients', cursor: null }, { nextCursor: null }))).rejects.toBeInstanceOf(ProviderRequestError);
      await expect(collect(driver.pull({ accessToken: async () => 'secret', groupId: 'clients', cursor: `${other.base}/v1.0/x?$deltatoken=1` }, { nextCursor: null }))).rejects.toBeInstanceOf(
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
      const pages = await collect(new MicrosoftContactsDriver(s.base).pull({ accessToken: async () => 't', groupId: null, cursor: null }, result));
      expect(pages).toEqual([{ changes: [], fetched: 0, quarantined: [] }]);
      expect(result.nextCursor).toContain('$deltatoken=z');
    } finally {
      await s.close();
    }
  });
});

describe('MicrosoftContactsDriver: quarantine, vanished folders, refused tokens', () => {
  it('takes a token before each page; a 401 gets one refreshed token and only that page is retried', async () => {
    const delta = '/v1.0/me/contactFolders/clients/contacts/delta';
    const s = await stub((base) => ({
      [`${delta}?$skiptoken=2`]: (_u, req, res) =>
        req.headers.authorization === 'Bearer fresh'
          ? json(res, 200, { value: [contact('c2', 'Bob')], '@odata.deltaLink': `${base}${delta}?$deltatoken=d1` })
          : json(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired.' } }),
      [delta]: reply({ value: [contact('c1', 'Ada')], '@odata.nextLink': `${base}${delta}?$skiptoken=2` }),
    }));
    try {
      let issued = 0;
      const result: PullResult = { nextCursor: null };
      const pages = await collect(new MicrosoftContactsDriver(s.base).pull({ accessToken: async () => `t${++issued}`, onTokenRejected: async () => 'fresh', groupId: 'clients', cursor: null }, result));
      expect(pages.flatMap((p) => p.changes.map((c) => c.externalId))).toEqual(['c1', 'c2']);
      expect(s.seen.filter((r) => r.path.startsWith(delta)).map((r) => r.auth)).toEqual(['Bearer t1', 'Bearer t2', 'Bearer fresh']);
      expect(result.nextCursor).toContain('deltatoken=d1');
    } finally {
      await s.close();
    }
  });

  it('quarantines a row without changeKey/etag with its label, and keeps the rest of the page', async () => {
    const s = await stub((base) => ({
      '/v1.0/me/contactFolders/clients/contacts/delta': reply({
        value: [contact('c1', 'Ada'), { id: 'c2', displayName: 'No Etag', emailAddresses: [] }, { displayName: 'No Id' }],
        '@odata.deltaLink': `${base}/v1.0/me/contactFolders/clients/contacts/delta?$deltatoken=d1`,
      }),
    }));
    try {
      const pages = await collect(new MicrosoftContactsDriver(s.base).pull({ accessToken: async () => 't', groupId: 'clients', cursor: null }, { nextCursor: null }));
      expect(pages[0]?.changes.map((c) => c.externalId)).toEqual(['c1']);
      expect(pages[0]?.quarantined).toEqual([
        { externalId: 'c2', label: 'No Etag', reason: 'the provider sent no changeKey/etag' },
        { externalId: '(no id)', label: 'No Id', reason: 'the provider sent no id' },
      ]);
    } finally {
      await s.close();
    }
  });

  it('throws SyncGroupNotFoundError (never an empty page) when the synced folder is gone, full or incremental', async () => {
    const s = await stub(() => ({
      '/v1.0/me/contactFolders/gone/contacts/delta': reply({ error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' } }, 404),
    }));
    try {
      const driver = new MicrosoftContactsDriver(s.base);
      const full = await collect(driver.pull({ accessToken: async () => 't', groupId: 'gone', cursor: null }, { nextCursor: null })).catch((e: unknown) => e);
      expect(full).toBeInstanceOf(SyncGroupNotFoundError);
      expect((full as SyncGroupNotFoundError).groupId).toBe('gone');
      const incremental = await collect(
        driver.pull({ accessToken: async () => 't', groupId: null, cursor: `${s.base}/v1.0/me/contactFolders/gone/contacts/delta?$deltatoken=1` }, { nextCursor: null }),
      ).catch((e: unknown) => e);
      expect(incremental).toBeInstanceOf(SyncGroupNotFoundError);
    } finally {
      await s.close();
    }
  });

  it('maps a 401 on a page to ProviderAccessTokenRejectedError and a 403 to ProviderPermissionError', async () => {
    const s = await stub(() => ({
      '/v1.0/me/contactFolders/a/contacts/delta': reply({ error: { code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' } }, 401),
      '/v1.0/me/contactFolders/b/contacts/delta': reply({ error: { code: 'ErrorAccessDenied', message: 'Access is denied.' } }, 403),
    }));
    try {
      const driver = new MicrosoftContactsDriver(s.base);
      await expect(collect(driver.pull({ accessToken: async () => 't', groupId: 'a', cursor: null }, { nextCursor: null }))).rejects.toBeInstanceOf(ProviderAccessTokenRejectedError);
      await expect(collect(driver.pull({ accessToken: async () => 't', groupId: 'b', cursor: null }, { nextCursor: null }))).rejects.toBeInstanceOf(ProviderPermissionError);
    } finally {
      await s.close();
    }
  });

  it('skips a photo that is not an image, with why, keeping the contact', async () => {
    const s = await stub((base) => ({
      '/v1.0/me/contactFolders/clients/contacts/delta': reply({ value: [contact('c1', 'Ada')], '@odata.deltaLink': `${base}/v1.0/x?$deltatoken=1` }),
      '/v1.0/me/contactFolders/clients/contacts/c1/photo/$value': (_u, _q, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>');
      },
    }));
    try {
      const pages = await collect(new MicrosoftContactsDriver(s.base).pull({ accessToken: async () => 't', groupId: 'clients', cursor: null }, { nextCursor: null }));
      const [c1] = pages[0]?.changes ?? [];
      expect(c1?.kind).toBe('upsert');
      expect(c1).not.toHaveProperty('photo');
      expect(c1?.kind === 'upsert' && c1.photoNotSynced).toBe('content type "text/html" is not a supported image');
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
