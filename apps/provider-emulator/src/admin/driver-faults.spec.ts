import {
  googleEmulatorEndpoints,
  GoogleContactsDriver,
  GoogleOAuthProvider,
  ProviderAuthError,
  MicrosoftContactsDriver,
  ProviderAccessTokenRejectedError,
  ProviderPermissionError,
  ProviderRateLimitError,
  SyncGroupNotFoundError,
  type ChangePage,
} from '@contact-sync/provider-adapters';
import { CLIENT, EmulatorHarness } from '../testing/emulator-harness';
import { MicrosoftTestClient } from '../testing/microsoft-client';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

const EMAIL = 'faults@example.com';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

async function collect(pages: AsyncGenerator<ChangePage>): Promise<ChangePage[]> {
  const out: ChangePage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** The production drivers against the emulator: what the admin controls make them see. */
describe('emulator admin controls as the sync drivers see them', () => {
  const h = EmulatorHarness.forSuite();

  describe('Google', () => {
    const pull = (token: string, groupId: string | null = null, cursor: string | null = null) =>
      collect(new GoogleContactsDriver(`${h.base}/`).pull({ accessToken: async () => token, groupId, cursor }, { nextCursor: null }));

    it('serves an uploaded photo at a public URL, listed beside no default avatar; persons without one keep the default', async () => {
      const { tokens } = await h.accountWithToken(EMAIL);
      const seeded = await h.admin('POST', `/google/accounts/${EMAIL}/people`, {
        people: [{ names: [{ givenName: 'Ada' }], photo: { contentType: 'image/png', base64: PNG.toString('base64') } }, { names: [{ givenName: 'Bob' }] }],
      });
      expect(seeded.status).toBe(201);
      const listed = (await h.admin('GET', `/google/accounts/${EMAIL}/people`)).body.people as { names: { givenName: string }[]; photos: { url: string; default?: boolean }[] }[];
      const ada = listed.find((p) => p.names[0]?.givenName === 'Ada');
      const bob = listed.find((p) => p.names[0]?.givenName === 'Bob');
      expect(ada?.photos).toEqual([{ metadata: expect.any(Object), url: expect.stringMatching(new RegExp(`^${h.base}/photos/`)) }]);
      expect(bob?.photos).toEqual([{ metadata: expect.any(Object), url: expect.stringMatching(/^https:\/\/lh3\.googleusercontent\.com\//), default: true }]);
      // No Authorization header: Google photo URLs are public.
      const res = await fetch(ada?.photos[0]?.url as string);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);

      const changes = (await pull(tokens.access_token as string)).flatMap((p) => p.changes);
      const adaChange = changes.find((c) => c.kind === 'upsert' && c.contact.name.givenName === 'Ada');
      expect(adaChange?.kind === 'upsert' && adaChange.photo?.bytes.equals(PNG)).toBe(true);
      const bobChange = changes.find((c) => c.kind === 'upsert' && c.contact.name.givenName === 'Bob');
      expect(bobChange).not.toHaveProperty('photo');
    });

    it('revoke through the adapter ends the grant: refresh → invalid_grant (ProviderAuthError), API → 401; revoking again counts as revoked', async () => {
      const { tokens } = await h.accountWithToken(EMAIL);
      const oauth = new GoogleOAuthProvider({ ...googleEmulatorEndpoints(h.base), clientId: CLIENT.id, clientSecret: CLIENT.secret });
      expect(tokens.refresh_token).toEqual(expect.any(String));
      await expect(oauth.revoke(tokens.refresh_token as string)).resolves.toBe('revoked');
      await expect(oauth.refresh(tokens.refresh_token as string)).rejects.toBeInstanceOf(ProviderAuthError);
      await expect(pull(tokens.access_token as string)).rejects.toBeInstanceOf(ProviderAccessTokenRejectedError);
      await expect(oauth.revoke(tokens.refresh_token as string)).resolves.toBe('revoked');
    });

    it('rejects a photo that is not the image it claims to be', async () => {
      await h.admin('POST', '/google/accounts', { email: EMAIL });
      const res = await h.admin('POST', `/google/accounts/${EMAIL}/people`, { people: [{ photo: { contentType: 'image/jpeg', base64: PNG.toString('base64') } }] });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('people[0].photo.base64: not a JPEG image');
    });

    it('lists an omitEtag person without etag: the driver quarantines it', async () => {
      const { tokens } = await h.accountWithToken(EMAIL);
      await h.admin('POST', `/google/accounts/${EMAIL}/people`, { people: [{ names: [{ displayName: 'Broken' }], omitEtag: true }, { names: [{ givenName: 'Fine' }] }] });
      const pages = await pull(tokens.access_token as string);
      expect(pages.flatMap((p) => p.changes)).toHaveLength(1);
      expect(pages.flatMap((p) => p.quarantined)).toEqual([{ externalId: expect.stringMatching(/^people\/c/), label: 'Broken', reason: 'the provider sent no etag' }]);
    });

    it('a deleted group answers 404 to contactGroups.get: the driver throws SyncGroupNotFoundError', async () => {
      const { tokens } = await h.accountWithToken(EMAIL);
      const group = (await h.admin('POST', `/google/accounts/${EMAIL}/groups`, { name: 'Clients' })).body.resourceName as string;
      await h.admin('POST', `/google/accounts/${EMAIL}/people`, { people: [{ groups: ['Clients'] }] });
      expect((await pull(tokens.access_token as string, group)).flatMap((p) => p.changes)).toHaveLength(1);
      expect((await h.admin('DELETE', `/google/accounts/${EMAIL}/groups/${group.replace('contactGroups/', '')}`)).status).toBe(204);
      await expect(pull(tokens.access_token as string, group)).rejects.toBeInstanceOf(SyncGroupNotFoundError);
      expect((await h.admin('DELETE', `/google/accounts/${EMAIL}/groups/myContacts`)).status).toBe(404);
    });

    it('injects 401, quota and scope 403s, and a 429 without Retry-After', async () => {
      const { tokens } = await h.accountWithToken(EMAIL);
      const token = tokens.access_token as string;
      const fault = (body: Record<string, unknown>) => h.admin('POST', '/faults', { count: 1, provider: 'google', ...body });
      // One 401 is retried by the driver with a fresh token (withPageToken); a second one surfaces.
      await fault({ status: 401, count: 2 });
      await expect(pull(token)).rejects.toBeInstanceOf(ProviderAccessTokenRejectedError);
      await fault({ status: 403, reason: 'quota' });
      await expect(pull(token)).rejects.toBeInstanceOf(ProviderRateLimitError);
      await fault({ status: 403, reason: 'scope' });
      const denied = await pull(token).catch((e: unknown) => e);
      expect(denied).toBeInstanceOf(ProviderPermissionError);
      expect((denied as ProviderPermissionError).reason).toBe('ACCESS_TOKEN_SCOPE_INSUFFICIENT');
      await fault({ status: 429, retryAfterSeconds: null });
      const limited = await pull(token).catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(ProviderRateLimitError);
      expect((limited as ProviderRateLimitError).retryAfterMs).toBe(30_000);
      expect((await fault({ status: 500, reason: 'quota' })).status).toBe(400);
      // Expiring the account's tokens: the next call is a 401, not a permanent auth failure.
      await h.admin('POST', '/oauth/expire-access-tokens', { account: EMAIL });
      await expect(pull(token)).rejects.toBeInstanceOf(ProviderAccessTokenRejectedError);
    });
  });

  describe('Microsoft', () => {
    const pull = (token: string, groupId: string | null = null, cursor: string | null = null) =>
      collect(new MicrosoftContactsDriver(h.base).pull({ accessToken: async () => token, groupId, cursor }, { nextCursor: null }));

    it('a deleted folder answers 404 to its delta query, full or from a delta link: SyncGroupNotFoundError', async () => {
      const { tokens } = await new MicrosoftTestClient(h).accountWithToken(EMAIL);
      const folder = (await h.admin('POST', `/microsoft/accounts/${EMAIL}/folders`, { displayName: 'Clients' })).body.id as string;
      await h.admin('POST', `/microsoft/accounts/${EMAIL}/contacts`, { contacts: [{ givenName: 'Ada', folderId: folder }] });
      const result = { nextCursor: null as string | null };
      await collect(new MicrosoftContactsDriver(h.base).pull({ accessToken: async () => tokens.access_token, groupId: folder, cursor: null }, result));
      expect((await h.admin('DELETE', `/microsoft/accounts/${EMAIL}/folders/${folder}`)).status).toBe(204);
      await expect(pull(tokens.access_token, folder)).rejects.toBeInstanceOf(SyncGroupNotFoundError);
      await expect(pull(tokens.access_token, folder, result.nextCursor)).rejects.toBeInstanceOf(SyncGroupNotFoundError);
      expect((await h.admin('GET', `/microsoft/accounts/${EMAIL}/contacts`)).body.contacts).toEqual([]);
    });

    it("downloads photos within Outlook's concurrent requests per mailbox, and waits out a MailboxConcurrency 429 (the mailbox busy elsewhere)", async () => {
      const { tokens } = await new MicrosoftTestClient(h).accountWithToken(EMAIL);
      await h.admin('POST', `/microsoft/accounts/${EMAIL}/contacts`, { contacts: Array.from({ length: 12 }, (_, i) => ({ givenName: `P${i}` })) });
      // Slow answers make the downloads overlap, as at Outlook.
      await h.admin('PUT', '/microsoft/settings', { latencyMs: 40 });
      try {
        expect((await pull(tokens.access_token)).flatMap((p) => p.changes)).toHaveLength(12);
        const before = (await h.admin('GET', `/requests?account=${EMAIL}`)).body.byOperation['graph.contacts.photo'] as number;
        // Two of the four taken by someone else: some downloads get 429 and go again after Retry-After.
        await h.admin('PUT', '/microsoft/settings', { mailboxConcurrencyLimit: 2 });
        expect((await pull(tokens.access_token)).flatMap((p) => p.changes)).toHaveLength(12);
        const after = (await h.admin('GET', `/requests?account=${EMAIL}`)).body.byOperation['graph.contacts.photo'] as number;
        expect(after - before).toBeGreaterThan(12);
      } finally {
        await h.admin('PUT', '/microsoft/settings', { latencyMs: 0, mailboxConcurrencyLimit: 4 });
      }
    });

    it('lists an omitEtag contact without changeKey or @odata.etag: the driver quarantines it', async () => {
      const { tokens } = await new MicrosoftTestClient(h).accountWithToken(EMAIL);
      await h.admin('POST', `/microsoft/accounts/${EMAIL}/contacts`, { contacts: [{ displayName: 'Broken', omitEtag: true }, { givenName: 'Fine' }] });
      const pages = await pull(tokens.access_token);
      expect(pages.flatMap((p) => p.changes)).toHaveLength(1);
      expect(pages.flatMap((p) => p.quarantined)).toEqual([{ externalId: expect.any(String), label: 'Broken', reason: 'the provider sent no changeKey/etag' }]);
    });

    it('injects 401, ErrorAccessDenied / Authorization_RequestDenied 403s, and a throttling 403', async () => {
      const { tokens } = await new MicrosoftTestClient(h).accountWithToken(EMAIL);
      const fault = (body: Record<string, unknown>) => h.admin('POST', '/faults', { count: 1, provider: 'microsoft', operation: 'graph.contacts.delta', ...body });
      // One 401 is retried by the driver with a fresh token (withPageToken); a second one surfaces.
      await fault({ status: 401, count: 2 });
      await expect(pull(tokens.access_token)).rejects.toBeInstanceOf(ProviderAccessTokenRejectedError);
      for (const [reason, code] of [['scope', 'ErrorAccessDenied'], ['denied', 'Authorization_RequestDenied']]) {
        await fault({ status: 403, reason });
        const err = await pull(tokens.access_token).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ProviderPermissionError);
        expect((err as ProviderPermissionError).reason).toBe(code);
      }
      await fault({ status: 403, reason: 'quota', retryAfterSeconds: 2 });
      const busy = await pull(tokens.access_token).catch((e: unknown) => e);
      expect(busy).toBeInstanceOf(ProviderRateLimitError);
      expect((busy as ProviderRateLimitError).retryAfterMs).toBe(2000);
    });
  });
});
