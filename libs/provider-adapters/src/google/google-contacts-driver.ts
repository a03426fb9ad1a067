import type { people_v1 } from 'googleapis/build/src/apis/people/v1';
import { Logger } from '@nestjs/common';
import type { PhotoBytes, QuarantinedContact } from '@contact-sync/contact-model';
import { MAX_PHOTO_BYTES } from '@contact-sync/events';
import type { ChangePage, ContactProviderDriver, ProviderChange, ProviderGroup, PullRequest, PullResult } from '../contact-provider-driver';
import { mapLimit } from '../map-limit';
import { isPhotoSkip, photoFromResponse, withPhoto, type PhotoSkip } from '../photo/photo-download';
import { ProviderRequestError, ProviderUnavailableError, SyncGroupNotFoundError } from '../provider-errors';
import { withPageToken } from '../page-tokens';
import { peopleClient } from './google-client';
import { mapGoogleError } from './google-error-mapper';
import { googleGroupIdsOf, googlePersonToContact, googlePhotoUrlOf, googleUpdateTimeOf } from './google-person-mapper';
import { GOOGLE_MAX_PAGE_SIZE, GOOGLE_PERSON_FIELDS } from './google-person-fields';

export interface GoogleContactsDriverOptions {
  /** Photo downloads in flight at once for one page (default 8). */
  photoConcurrency?: number;
  /** Larger photos are skipped, not synced (default MAX_PHOTO_BYTES). */
  maxPhotoBytes?: number;
  /** Per photo download (default 20 s); a timeout fails the page (retried), like a 5xx. */
  photoTimeoutMs?: number;
}

type Person = people_v1.Schema$Person;
type Mapped = { change: ProviderChange } | { quarantined: QuarantinedContact } | null;

/** Google People API driver: `people.connections.list` with sync tokens, scoped by group membership. */
export class GoogleContactsDriver implements ContactProviderDriver {
  readonly provider = 'google' as const;
  private readonly logger = new Logger(GoogleContactsDriver.name);
  private readonly photoConcurrency: number;
  private readonly maxPhotoBytes: number;
  private readonly photoTimeoutMs: number;

  constructor(
    private readonly apiRootUrl: string,
    options: GoogleContactsDriverOptions = {},
  ) {
    this.photoConcurrency = Math.max(1, options.photoConcurrency ?? 8);
    this.maxPhotoBytes = options.maxPhotoBytes ?? MAX_PHOTO_BYTES;
    this.photoTimeoutMs = options.photoTimeoutMs ?? 20_000;
  }

  private client(accessToken: string): people_v1.People {
    return peopleClient(this.apiRootUrl, accessToken);
  }

  async listGroups(accessToken: string): Promise<ProviderGroup[]> {
    const people = this.client(accessToken);
    const groups: ProviderGroup[] = [];
    let pageToken: string | undefined;
    try {
      do {
        const res = await people.contactGroups.list({ pageSize: 1000, pageToken }, { retry: false });
        for (const g of res.data.contactGroups ?? []) {
          if (!g.resourceName) continue;
          groups.push({
            id: g.resourceName,
            name: g.formattedName ?? g.name ?? g.resourceName,
            kind: g.groupType === 'USER_CONTACT_GROUP' ? 'user' : 'system',
            memberCount: g.memberCount ?? undefined,
          });
        }
        pageToken = res.data.nextPageToken ?? undefined;
      } while (pageToken);
    } catch (err) {
      throw mapGoogleError(err);
    }
    return groups;
  }

  async *pull(request: PullRequest, result: PullResult): AsyncGenerator<ChangePage> {
    const incremental = request.cursor !== null;
    // A deleted group leaves its members with no membership: without this check a full pull would
    // list nothing in scope and an incremental one would report every member as having left.
    const groupId = request.groupId;
    if (groupId) await withPageToken(request, (token) => this.assertGroupExists(this.client(token), groupId));
    let pageToken: string | undefined;
    do {
      const data: people_v1.Schema$ListConnectionsResponse = await withPageToken(request, async (token) => {
        try {
          const res = await this.client(token).people.connections.list(
            {
              resourceName: 'people/me',
              personFields: GOOGLE_PERSON_FIELDS,
              pageSize: GOOGLE_MAX_PAGE_SIZE,
              pageToken,
              requestSyncToken: true,
              syncToken: request.cursor ?? undefined,
            },
            // Our scheduler owns retries so that Retry-After and the sync state are honoured.
            { retry: false },
          );
          return res.data;
        } catch (err) {
          throw mapGoogleError(err);
        }
      });
      const persons = data.connections ?? [];
      const mapped = await mapLimit(persons, this.photoConcurrency, (p) => this.toChange(p, request.groupId, incremental));
      const changes = mapped.flatMap((m) => (m && 'change' in m ? [m.change] : []));
      const quarantined = mapped.flatMap((m) => (m && 'quarantined' in m ? [m.quarantined] : []));
      pageToken = data.nextPageToken ?? undefined;
      if (!pageToken) result.nextCursor = data.nextSyncToken ?? null;
      yield { changes, fetched: persons.length, quarantined };
    } while (pageToken);
  }

  private async assertGroupExists(people: people_v1.People, groupId: string): Promise<void> {
    try {
      await people.contactGroups.get({ resourceName: groupId, maxMembers: 0 }, { retry: false });
    } catch (err) {
      const mapped = mapGoogleError(err);
      if (mapped instanceof ProviderRequestError && mapped.status === 404) throw new SyncGroupNotFoundError(groupId, 'google', 404);
      throw mapped;
    }
  }

  private async toChange(person: Person, groupId: string | null, incremental: boolean): Promise<Mapped> {
    const externalId = person.resourceName;
    if (externalId && person.metadata?.deleted) return incremental ? { change: { kind: 'remove', externalId, reason: 'deleted' } } : null;
    if (groupId && !googleGroupIdsOf(person).includes(groupId)) {
      return incremental && externalId ? { change: { kind: 'remove', externalId, reason: 'left_group' } } : null;
    }
    if (!externalId || !person.etag) {
      const reason = externalId ? 'the provider sent no etag' : 'the provider sent no resourceName';
      return { quarantined: { externalId: externalId || '(no id)', label: labelOf(person), reason } };
    }
    const contact = googlePersonToContact(person);
    const photo = await this.photoOf(externalId, googlePhotoUrlOf(person));
    return {
      change: {
        kind: 'upsert',
        externalId,
        etag: person.etag,
        ...withPhoto(contact, photo),
        updatedAt: googleUpdateTimeOf(person),
      },
    };
  }

  /**
   * Google photo URLs (lh3.googleusercontent.com) are public: a plain GET, never with the token.
   * A photo the CRM cannot take (4xx, not an image, too large) is skipped with its reason; a
   * transient failure (5xx, 429, network, timeout) fails the page like any API call, so the photo
   * is retried with the pass instead of being left out until the contact next changes.
   */
  private async photoOf(externalId: string, url: string | undefined): Promise<PhotoBytes | PhotoSkip | undefined> {
    if (!url) return undefined;
    let res: Response;
    try {
      res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(this.photoTimeoutMs) });
    } catch (err) {
      throw new ProviderUnavailableError(`google photo of ${externalId} could not be downloaded: ${(err as Error).message}`, 'google');
    }
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel().catch(() => undefined);
      throw new ProviderUnavailableError(`google photo of ${externalId}: HTTP ${res.status}`, 'google', res.status);
    }
    const photo: PhotoBytes | PhotoSkip = res.ok ? await photoFromResponse(res, this.maxPhotoBytes) : await refused(res);
    if (isPhotoSkip(photo)) this.logger.warn(`photo of ${externalId} skipped: ${photo.skipped}`);
    return photo;
  }
}

async function refused(res: Response): Promise<PhotoSkip> {
  await res.body?.cancel().catch(() => undefined);
  return { skipped: `the provider refused the photo download (HTTP ${res.status})` };
}

/** What the user recognises a quarantined record by. */
function labelOf(person: Person): string | null {
  const name = person.names?.find((n) => n.displayName?.trim())?.displayName?.trim();
  return name || person.emailAddresses?.find((e) => e.value?.trim())?.value?.trim() || null;
}
