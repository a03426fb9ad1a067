import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { photoRefOf } from '@contact-sync/contact-model';
import { MAX_PHOTO_BYTES } from '@contact-sync/events';
import type { ChangePage, PullResult } from '../contact-provider-driver';
import { ProviderAccessTokenRejectedError, ProviderPermissionError, ProviderRateLimitError, ProviderUnavailableError, SyncGroupNotFoundError } from '../provider-errors';
import { GoogleContactsDriver } from './google-contacts-driver';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
interface Seen {
  path: string;
  auth?: string;
}

/** A People API stand-in routed by pathname; photo URLs live on the same server. */
async function stub(routes: (base: string) => Record<string, Handler>): Promise<{ base: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  let table: Record<string, Handler> = {};
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    seen.push({ path: url.pathname, auth: req.headers.authorization });
    const handler = table[decodeURIComponent(url.pathname)];
    if (handler) return handler(req, res);
    json(res, 404, { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } });
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
const reply = (body: unknown, status = 200): Handler => (_q, res) => json(res, status, body);
const bytes = (type: string, body: Buffer): Handler => (_q, res) => {
  res.writeHead(200, { 'content-type': type });
  res.end(body);
};

const person = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  resourceName: `people/${id}`,
  etag: `%E${id}`,
  names: [{ displayName: name, givenName: name }],
  memberships: [{ contactGroupMembership: { contactGroupResourceName: 'contactGroups/clients' } }],
  metadata: { sources: [{ type: 'CONTACT', updateTime: '2026-01-02T03:04:05Z' }] },
  ...extra,
});

async function collect(pages: AsyncGenerator<ChangePage>): Promise<ChangePage[]> {
  const out: ChangePage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const upserts = (pages: ChangePage[]) => pages.flatMap((p) => p.changes).flatMap((c) => (c.kind === 'upsert' ? [c] : []));

describe('GoogleContactsDriver against a local People API stub', () => {
  it('downloads photos without the token, keeps bytes beside the contact and only the reference inside it', async () => {
    const big = Buffer.alloc(MAX_PHOTO_BYTES + 1, 7);
    const s = await stub((base) => ({
      '/v1/contactGroups/clients': reply({ resourceName: 'contactGroups/clients', name: 'Clients' }),
      '/v1/people/me/connections': reply({
        connections: [
          person('c1', 'Ada', { photos: [{ url: `${base}/photos/ada` }] }),
          person('c2', 'Bob', { photos: [{ url: `${base}/photos/default`, default: true }] }),
          person('c3', 'Cy', { photos: [{ url: `${base}/photos/big` }] }),
          person('c4', 'Di', { photos: [{ url: `${base}/photos/html` }] }),
          person('c5', 'Ed', { photos: [{ url: `${base}/photos/missing` }] }),
        ],
        nextSyncToken: 'sync-1',
      }),
      '/photos/ada': bytes('image/png', PNG),
      '/photos/default': bytes('image/png', PNG),
      '/photos/big': bytes('image/jpeg', big),
      '/photos/html': bytes('text/html', Buffer.from('<html>')),
    }));
    try {
      const result: PullResult = { nextCursor: null };
      const pages = await collect(new GoogleContactsDriver(`${s.base}/`).pull({ accessToken: async () => 'secret', groupId: 'contactGroups/clients', cursor: null }, result));
      const [ada, bob, cy, di, ed] = upserts(pages);
      expect(ada?.photo?.bytes.equals(PNG)).toBe(true);
      expect(ada?.contact.photo).toEqual(photoRefOf({ contentType: 'image/png', bytes: PNG }));
      expect(JSON.stringify(ada?.contact)).not.toContain(PNG.toString('base64'));
      // Default avatar, oversized, not an image, 404: no photo, and the contact is still synced;
      // a real photo left out says why (the dashboard lists it), a default avatar is no photo at all.
      for (const c of [bob, cy, di, ed]) {
        expect(c?.kind).toBe('upsert');
        expect(c).not.toHaveProperty('photo');
        expect(c?.contact).not.toHaveProperty('photo');
      }
      expect(bob).not.toHaveProperty('photoNotSynced');
      expect([cy, di, ed].map((c) => c?.photoNotSynced)).toEqual([
        `larger than ${MAX_PHOTO_BYTES} bytes`,
        'content type "text/html" is not a supported image',
        'the provider refused the photo download (HTTP 404)',
      ]);
      expect(s.seen.filter((r) => r.path.startsWith('/photos/')).every((r) => r.auth === undefined)).toBe(true);
      expect(s.seen.filter((r) => r.path === '/photos/default')).toHaveLength(0);
      expect(pages.every((p) => p.quarantined.length === 0)).toBe(true);
      expect(result.nextCursor).toBe('sync-1');
    } finally {
      await s.close();
    }
  });

  it('fails the page on a transient photo failure (5xx), so the photo is retried with the pass rather than left out', async () => {
    const s = await stub((base) => ({
      '/v1/people/me/connections': reply({ connections: [person('c1', 'Ada', { photos: [{ url: `${base}/photos/ada` }] })], nextSyncToken: 'sync-1' }),
      '/photos/ada': reply({}, 503),
    }));
    try {
      const pull = new GoogleContactsDriver(`${s.base}/`).pull({ accessToken: async () => 't', groupId: null, cursor: null }, { nextCursor: null });
      await expect(collect(pull)).rejects.toBeInstanceOf(ProviderUnavailableError);
    } finally {
      await s.close();
    }
  });

  it('quarantines a person without etag (or resourceName) with its label; the rest of the page goes on', async () => {
    const s = await stub(() => ({
      '/v1/people/me/connections': reply({
        connections: [
          person('c1', 'Ada'),
          { ...person('c2', 'No Etag'), etag: undefined },
          { ...person('c3', ''), names: [], emailAddresses: [{ value: 'anon@x.example' }], resourceName: undefined },
        ],
        nextSyncToken: 's',
      }),
    }));
    try {
      const pages = await collect(new GoogleContactsDriver(`${s.base}/`).pull({ accessToken: async () => 't', groupId: null, cursor: null }, { nextCursor: null }));
      expect(upserts(pages).map((c) => c.externalId)).toEqual(['people/c1']);
      expect(pages[0]?.quarantined).toEqual([
        { externalId: 'people/c2', label: 'No Etag', reason: 'the provider sent no etag' },
        { externalId: '(no id)', label: 'anon@x.example', reason: 'the provider sent no resourceName' },
      ]);
    } finally {
      await s.close();
    }
  });

  it('throws SyncGroupNotFoundError when the synced group is gone, before listing anything', async () => {
    const s = await stub(() => ({ '/v1/people/me/connections': reply({ connections: [person('c1', 'Ada')] }) }));
    try {
      const driver = new GoogleContactsDriver(`${s.base}/`);
      for (const cursor of [null, 'sync-1']) {
        const err = await collect(driver.pull({ accessToken: async () => 't', groupId: 'contactGroups/gone', cursor }, { nextCursor: null })).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(SyncGroupNotFoundError);
        expect((err as SyncGroupNotFoundError).groupId).toBe('contactGroups/gone');
      }
      expect(s.seen.some((r) => r.path === '/v1/people/me/connections')).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('takes a token before each page; a 401 gets one refreshed token and only that page is retried', async () => {
    const s = await stub(() => ({
      '/v1/people/me/connections': (req, res) => {
        const second = new URL(req.url ?? '/', 'http://stub').searchParams.get('pageToken') === 'p2';
        if (second && req.headers.authorization !== 'Bearer fresh') return json(res, 401, { error: { code: 401, status: 'UNAUTHENTICATED', message: 'expired' } });
        json(res, 200, second ? { connections: [person('c2', 'Bob')], nextSyncToken: 's' } : { connections: [person('c1', 'Ada')], nextPageToken: 'p2' });
      },
    }));
    try {
      let issued = 0;
      const result: PullResult = { nextCursor: null };
      const pages = await collect(
        new GoogleContactsDriver(`${s.base}/`).pull({ accessToken: async () => `t${++issued}`, onTokenRejected: async () => 'fresh', groupId: null, cursor: null }, result),
      );
      expect(upserts(pages).map((c) => c.externalId)).toEqual(['people/c1', 'people/c2']);
      expect(s.seen.filter((r) => r.path === '/v1/people/me/connections').map((r) => r.auth)).toEqual(['Bearer t1', 'Bearer t2', 'Bearer fresh']);
      expect(result.nextCursor).toBe('s');
    } finally {
      await s.close();
    }
  });

  it('maps page errors: 401 → token rejected, quota 403 → rate limit, scope 403 → permission', async () => {
    const info = (reason: string) => [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' }];
    let answer: { status: number; body: unknown } = { status: 401, body: {} };
    const s = await stub(() => ({ '/v1/people/me/connections': (_q, res) => json(res, answer.status, answer.body) }));
    try {
      const pull = () => collect(new GoogleContactsDriver(`${s.base}/`).pull({ accessToken: async () => 't', groupId: null, cursor: null }, { nextCursor: null }));
      answer = { status: 401, body: { error: { code: 401, status: 'UNAUTHENTICATED', message: 'expired', details: info('ACCESS_TOKEN_EXPIRED') } } };
      await expect(pull()).rejects.toBeInstanceOf(ProviderAccessTokenRejectedError);
      answer = { status: 403, body: { error: { code: 403, status: 'PERMISSION_DENIED', message: 'quota', details: info('rateLimitExceeded') } } };
      await expect(pull()).rejects.toBeInstanceOf(ProviderRateLimitError);
      answer = { status: 403, body: { error: { code: 403, status: 'PERMISSION_DENIED', message: 'scopes', details: info('ACCESS_TOKEN_SCOPE_INSUFFICIENT') } } };
      await expect(pull()).rejects.toBeInstanceOf(ProviderPermissionError);
    } finally {
      await s.close();
    }
  });
});
