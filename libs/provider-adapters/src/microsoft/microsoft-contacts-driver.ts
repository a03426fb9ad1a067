import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import { Logger } from '@nestjs/common';
import type { PhotoBytes, QuarantinedContact } from '@contact-sync/contact-model';
import { MAX_PHOTO_BYTES } from '@contact-sync/events';
import type { ChangePage, ContactProviderDriver, ProviderChange, ProviderGroup, PullRequest, PullResult } from '../contact-provider-driver';
import { mapLimit } from '../map-limit';
import { isPhotoSkip, photoFromResponse, withPhoto, type PhotoSkip } from '../photo/photo-download';
import { ProviderRateLimitError, ProviderRequestError, SyncGroupNotFoundError } from '../provider-errors';
import { withPageToken } from '../page-tokens';
import { GRAPH_CONTACT_SELECT, GRAPH_MAX_PAGE_SIZE, type GraphContact, type GraphContactFolder } from './graph-contact-fields';
import { graphContactToContact, graphEtagOf, graphUpdateTimeOf, isGraphRemoved } from './graph-contact-mapper';
import { MAILBOX_CONCURRENCY } from './graph-batch';
import { graphClient } from './graph-client';
import { mapMicrosoftError, MicrosoftHttpError } from './microsoft-error-mapper';

export interface MicrosoftContactsDriverOptions {
  /**
   * Photo downloads in flight at once for one page. Default: Outlook's concurrent requests per
   * mailbox (4); more always meets 429 MailboxConcurrency, whatever else uses the mailbox.
   */
  photoConcurrency?: number;
  /** Larger photos are skipped, not synced (default MAX_PHOTO_BYTES, the CRM photo store's limit). */
  maxPhotoBytes?: number;
}

interface GraphCollection<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

const enc = encodeURIComponent;
/** A photo download met 429 this many times: the page fails (and the pass is retried later). */
const PHOTO_THROTTLE_ATTEMPTS = 4;
const MAX_PHOTO_THROTTLE_WAIT_MS = 5_000;


/** Folder id inside a contacts delta link: `/contactFolders/{id}/…` or `/contactfolders('{id}')/…`. */
function folderIdOfDeltaLink(link: string): string | undefined {
  const path = new URL(link, 'http://x').pathname;
  const match = path.match(/\/contactFolders(?:\('([^']+)'\)|\/([^/]+))\/contacts\/delta/i);
  const id = match?.[1] ?? match?.[2];
  return id ? decodeURIComponent(id) : undefined;
}

/**
 * Which listed folder is Outlook's default Contacts folder, or (real Graph, which does not list it)
 * its id as the parent of the top-level folders. See docs/decisions.md.
 */
export function defaultContactFolderIdOf(folders: GraphContactFolder[]): { id?: string; listed: boolean } {
  const wellKnown = folders.find((f) => f.id && f.wellKnownName?.toLowerCase() === 'contacts');
  if (wellKnown?.id) return { id: wellKnown.id, listed: true };
  const ids = new Set(folders.flatMap((f) => (f.id ? [f.id] : [])));
  const tops = folders.filter((f) => f.id && !(f.parentFolderId && ids.has(f.parentFolderId)));
  // The emulator (and beta-like listings) include the default folder: the one root the others hang under.
  const roots = tops.filter((t) => folders.some((f) => f.parentFolderId === t.id));
  if (roots.length === 1 && roots[0]?.id) return { id: roots[0].id, listed: true };
  const named = tops.length === 1 && tops[0]?.displayName === 'Contacts' ? tops[0] : undefined;
  if (named?.id) return { id: named.id, listed: true };
  // Graph v1.0 lists the folders *inside* the default Contacts folder: their common parent is it.
  const parents = new Set(tops.map((t) => t.parentFolderId));
  const [parent] = [...parents];
  if (parents.size === 1 && parent) return { id: parent, listed: false };
  return { listed: false };
}

/**
 * Microsoft Graph driver: a contact folder is a sync group; pulls are delta queries on the folder
 * (`/me/contactFolders/{id}/contacts/delta`), whose final `@odata.deltaLink` is the cursor.
 */
export class MicrosoftContactsDriver implements ContactProviderDriver {
  readonly provider = 'microsoft' as const;
  private readonly base: URL;
  private readonly photoConcurrency: number;
  private readonly maxPhotoBytes: number;
  private readonly logger = new Logger(MicrosoftContactsDriver.name);

  constructor(graphBaseUrl: string, options: MicrosoftContactsDriverOptions = {}) {
    this.base = new URL(graphBaseUrl.replace(/\/+$/, '') + '/');
    this.photoConcurrency = Math.max(1, options.photoConcurrency ?? MAILBOX_CONCURRENCY);
    this.maxPhotoBytes = options.maxPhotoBytes ?? MAX_PHOTO_BYTES;
  }

  private client(accessToken: string): Client {
    return graphClient(this.base, accessToken);
  }

  /**
   * A nextLink/deltaLink as a request of the client. `api()` only parses absolute `https://` URLs, and
   * the emulator's links are `http://`, so links are reduced to a path on the configured base; a link
   * to any other origin is refused, so the token never leaves the configured Graph host.
   */
  private linkRequest(client: Client, link: string) {
    const url = new URL(link, this.base);
    if (url.origin !== this.base.origin) {
      throw new ProviderRequestError(`refusing to follow a Graph link to ${url.origin}: not the configured Graph host`, 'microsoft');
    }
    let path = url.pathname;
    const basePath = this.base.pathname.replace(/\/+$/, '');
    if (basePath && path.startsWith(`${basePath}/`)) path = path.slice(basePath.length);
    const versioned = path.match(/^\/(v1\.0|beta)(\/.*)$/);
    return client.api(`${versioned?.[2] ?? path}${url.search}`).version(versioned?.[1] ?? 'v1.0');
  }

  private async getCollection<T>(client: Client, pathOrLink: string): Promise<T[]> {
    const items: T[] = [];
    let link: string | undefined;
    let page: GraphCollection<T> = await client.api(pathOrLink).get();
    for (;;) {
      items.push(...(page.value ?? []));
      link = page['@odata.nextLink'];
      if (!link) return items;
      page = await this.linkRequest(client, link).get();
    }
  }

  async listGroups(accessToken: string): Promise<ProviderGroup[]> {
    const client = this.client(accessToken);
    try {
      const top = await this.getCollection<GraphContactFolder>(client, '/me/contactFolders');
      const found = new Map<string, GraphContactFolder>();
      const queue = [...top];
      while (queue.length) {
        const folder = queue.shift() as GraphContactFolder;
        if (!folder.id || found.has(folder.id)) continue;
        found.set(folder.id, folder);
        queue.push(...(await this.getCollection<GraphContactFolder>(client, `/me/contactFolders/${enc(folder.id)}/childFolders`)));
      }
      const folders = [...found.values()];
      const defaultFolder = defaultContactFolderIdOf(top);
      let defaultId = defaultFolder.id;
      if (!defaultId) defaultId = await this.defaultFolderIdFromContacts(client);
      if (defaultId && !found.has(defaultId)) {
        // Graph v1.0 does not list the default folder itself; it is still a folder the user can sync.
        const folder = await this.getFolder(client, defaultId);
        folders.unshift(folder);
        found.set(defaultId, folder);
      }
      const nameOf = (f: GraphContactFolder, depth = 0): string => {
        const own = f.displayName?.trim() || f.id || '';
        const parent = f.parentFolderId ? found.get(f.parentFolderId) : undefined;
        // Every Outlook folder sits under Contacts: only deeper nesting is shown ("Clients / Suppliers").
        if (!parent || parent.id === defaultId || depth > 20) return own;
        return `${nameOf(parent, depth + 1)} / ${own}`;
      };
      return folders.map((f) => ({ id: f.id as string, name: nameOf(f), kind: f.id === defaultId ? 'system' : 'user' }));
    } catch (err) {
      throw mapMicrosoftError(err);
    }
  }

  private async getFolder(client: Client, id: string): Promise<GraphContactFolder> {
    try {
      const folder: GraphContactFolder = await client.api(`/me/contactFolders/${enc(id)}`).select('id,displayName,parentFolderId').get();
      return { ...folder, id };
    } catch (err) {
      const mapped = mapMicrosoftError(err);
      if (mapped instanceof ProviderRequestError) return { id, displayName: 'Contacts' };
      throw mapped;
    }
  }

  /** Last resort when no folder tells: `/me/contacts` lists the default folder, whose id each contact carries. */
  private async defaultFolderIdFromContacts(client: Client): Promise<string | undefined> {
    const page: GraphCollection<GraphContact> = await client.api('/me/contacts').select('id,parentFolderId').top(1).get();
    return page.value?.[0]?.parentFolderId ?? undefined;
  }

  /** `groupId === null`: the default Contacts folder, resolved from the folder listing (decisions.md). */
  private async resolveDefaultFolderId(client: Client): Promise<string | undefined> {
    const top = await this.getCollection<GraphContactFolder>(client, '/me/contactFolders');
    return defaultContactFolderIdOf(top).id ?? (await this.defaultFolderIdFromContacts(client));
  }

  async *pull(request: PullRequest, result: PullResult): AsyncGenerator<ChangePage> {
    const incremental = request.cursor !== null;
    let folderId: string | undefined = request.groupId ?? (request.cursor ? folderIdOfDeltaLink(request.cursor) : undefined);
    folderId ??= await withPageToken(request, async (token) => {
      try {
        return await this.resolveDefaultFolderId(this.client(token));
      } catch (err) {
        throw mapMicrosoftError(err);
      }
    });
    if (!folderId) {
      // Graph answered (no error): no folder is listed and /me/contacts is empty, so the default
      // folder truly holds nothing. There is no delta link to keep.
      result.nextCursor = null;
      yield { changes: [], fetched: 0, quarantined: [] };
      return;
    }
    const folder = folderId;
    const namedFolder = request.groupId ?? (request.cursor ? folderId : null);
    const prefer = { Prefer: `odata.maxpagesize=${GRAPH_MAX_PAGE_SIZE}` };
    let link: string | undefined = request.cursor ?? undefined;
    for (;;) {
      // The listing and its photo requests share one token; a 401 in either retries the whole page.
      const { page, rows, changes, quarantined } = await withPageToken(request, async (token) => {
        const client = this.client(token);
        let page: GraphCollection<GraphContact>;
        try {
          page = link
            ? await this.linkRequest(client, link).headers(prefer).get()
            : await client.api(`/me/contactFolders/${enc(folder)}/contacts/delta`).select(GRAPH_CONTACT_SELECT).headers(prefer).get();
        } catch (err) {
          const mapped = mapMicrosoftError(err);
          // The synced folder was deleted: fail the pass; an empty listing would delete every person.
          if (namedFolder && mapped instanceof ProviderRequestError && isNotFound(mapped)) throw new SyncGroupNotFoundError(namedFolder, 'microsoft', mapped.status);
          throw mapped;
        }
        const rows = page.value ?? [];
        return { page, rows, ...(await this.toChanges(client, folder, rows, incremental)) };
      });
      link = page['@odata.nextLink'];
      if (!link) result.nextCursor = page['@odata.deltaLink'] ?? null;
      yield { changes, fetched: rows.length, quarantined };
      if (!link) return;
    }
  }

  private async toChanges(
    client: Client,
    folderId: string,
    rows: GraphContact[],
    incremental: boolean,
  ): Promise<{ changes: ProviderChange[]; quarantined: QuarantinedContact[] }> {
    const quarantined: QuarantinedContact[] = [];
    const changes = await mapLimit(rows, this.photoConcurrency, async (row): Promise<ProviderChange | null> => {
      const externalId = row.id;
      // Graph reports a contact deleted from, or moved out of, the folder alike: gone from this sync.
      if (isGraphRemoved(row)) return incremental && externalId ? { kind: 'remove', externalId, reason: 'deleted' } : null;
      const etag = graphEtagOf(row);
      if (!externalId || !etag) {
        quarantined.push({ externalId: externalId || '(no id)', label: labelOf(row), reason: externalId ? 'the provider sent no changeKey/etag' : 'the provider sent no id' });
        return null;
      }
      const photo = await this.photoOf(client, folderId, externalId);
      const contact = graphContactToContact(row);
      return {
        kind: 'upsert',
        externalId,
        etag,
        ...withPhoto(contact, photo),
        updatedAt: graphUpdateTimeOf(row),
      };
    });
    return { changes: changes.filter((c): c is ProviderChange => c !== null), quarantined };
  }

  /**
   * The contact's photo bytes. Graph has no photo URL and `$expand=photo` returns nothing, so it is
   * one request per upserted contact. No photo (404, 204) is none; a non-image, an oversized photo
   * or a refused request (other 4xx) is skipped with its reason; auth, throttling and outages fail
   * the page.
   */
  /**
   * The contact's photo. A 429 (the mailbox's concurrent requests are taken: write-back's batch, or
   * another client of the app) is waited out here, Retry-After honoured and capped, a few times,
   * before it fails the page: the page's other downloads need not start over.
   */
  private async photoOf(client: Client, folderId: string, contactId: string): Promise<PhotoBytes | PhotoSkip | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.photoOnce(client, folderId, contactId);
      } catch (err) {
        if (!(err instanceof ProviderRateLimitError) || attempt >= PHOTO_THROTTLE_ATTEMPTS) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.min(err.retryAfterMs, MAX_PHOTO_THROTTLE_WAIT_MS) * (0.5 + Math.random() / 2)));
      }
    }
  }

  private async photoOnce(client: Client, folderId: string, contactId: string): Promise<PhotoBytes | PhotoSkip | undefined> {
    let res: Response;
    try {
      res = await client.api(`/me/contactFolders/${enc(folderId)}/contacts/${enc(contactId)}/photo/$value`).responseType(ResponseType.RAW).get();
    } catch (err) {
      throw mapMicrosoftError(err);
    }
    if (!res.ok) {
      const body = await res.text().catch(() => '');
      const mapped = mapMicrosoftError(new MicrosoftHttpError(res.status, body, res.headers));
      if (!(mapped instanceof ProviderRequestError)) throw mapped;
      if (res.status === 404) return undefined;
      this.logger.warn(`photo of contact ${contactId} skipped: ${mapped.message}`);
      return { skipped: `the provider refused the photo download (HTTP ${res.status})` };
    }
    if (res.status === 204) return undefined;
    const photo = await photoFromResponse(res, this.maxPhotoBytes);
    if (isPhotoSkip(photo)) this.logger.warn(`photo of contact ${contactId} skipped: ${photo.skipped}`);
    return photo;
  }
}

const isNotFound = (err: ProviderRequestError) => err.status === 404 || /ErrorItemNotFound|ResourceNotFound/i.test(err.message);

/** What the user recognises a quarantined record by. */
function labelOf(row: GraphContact): string | null {
  return row.displayName?.trim() || row.emailAddresses?.find((e) => e?.address)?.address?.trim() || null;
}
