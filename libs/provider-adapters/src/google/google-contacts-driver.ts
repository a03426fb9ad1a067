import { people_v1 } from 'googleapis/build/src/apis/people/v1';
import { OAuth2Client } from 'google-auth-library';
import { Logger } from '@nestjs/common';
import { photoRefOf, type PhotoBytes, type QuarantinedContact } from '@contact-sync/contact-model';
import { MAX_PHOTO_BYTES } from '@contact-sync/events';
import type { ChangePage, ContactProviderDriver, ProviderChange, ProviderGroup, PullRequest, PullResult } from '../contact-provider-driver';
import { mapLimit } from '../map-limit';
import { isPhotoSkip, photoFromResponse } from '../photo/photo-download';
import { ProviderRequestError, SyncGroupNotFoundError } from '../provider-errors';
import { withPageToken } from '../page-tokens';
import { mapGoogleError } from './google-error-mapper';
import { googleGroupIdsOf, googlePersonToContact, googlePhotoUrlOf, googleUpdateTimeOf } from './google-person-mapper';
import { GOOGLE_MAX_PAGE_SIZE, GOOGLE_PERSON_FIELDS } from './google-person-fields';

export interface GoogleContactsDriverOptions {
  /** Photo downloads in flight at once for one page (default 8). */
  photoConcurrency?: number;
  /** Larger photos are skipped, not synced (default MAX_PHOTO_BYTES). */
  maxPhotoBytes?: number;
  /** Per photo download (default 20 s); a timeout skips the photo. */
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
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: accessToken });
    return new people_v1.People({ rootUrl: this.apiRootUrl, auth });
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
        contact: photo ? { ...contact, photo: photoRefOf(photo) } : contact,
        ...(photo ? { photo } : {}),
        updatedAt: googleUpdateTimeOf(person),
      },
    };
  }

  /**
   * Google photo URLs (lh3.googleusercontent.com) are public: a plain GET, never with the token.
   * Any failure leaves the photo out and is logged; it never fails the pass.
   */
  private async photoOf(externalId: string, url: string | undefined): Promise<PhotoBytes | undefined> {
    if (!url) return undefined;
    let skipped: string;
    try {
      const res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(this.photoTimeoutMs) });
      if (res.ok) {
        const photo = await photoFromResponse(res, this.maxPhotoBytes);
        if (!isPhotoSkip(photo)) return photo;
        skipped = photo.skipped;
      } else {
        await res.body?.cancel().catch(() => undefined);
        skipped = `HTTP ${res.status}`;
      }
    } catch (err) {
      skipped = `download failed: ${(err as Error).message}`;
    }
    this.logger.warn(`photo of ${externalId} skipped: ${skipped}`);
    return undefined;
  }
}

/** What the user recognises a quarantined record by. */
function labelOf(person: Person): string | null {
  const name = person.names?.find((n) => n.displayName?.trim())?.displayName?.trim();
  return name || person.emailAddresses?.find((e) => e.value?.trim())?.value?.trim() || null;
}
