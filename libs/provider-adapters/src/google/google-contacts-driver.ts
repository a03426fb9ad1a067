import { people_v1 } from 'googleapis/build/src/apis/people/v1';
import { OAuth2Client } from 'google-auth-library';
import type { ChangePage, ContactProviderDriver, ProviderChange, ProviderGroup, PullRequest, PullResult } from '../contact-provider-driver';
import { mapGoogleError } from './google-error-mapper';
import { googleGroupIdsOf, googlePersonToContact, googleUpdateTimeOf } from './google-person-mapper';
import { GOOGLE_MAX_PAGE_SIZE, GOOGLE_PERSON_FIELDS } from './google-person-fields';

/** Google People API driver: `people.connections.list` with sync tokens, scoped by group membership. */
export class GoogleContactsDriver implements ContactProviderDriver {
  readonly provider = 'google' as const;

  constructor(private readonly apiRootUrl: string) {}

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
    const people = this.client(request.accessToken);
    const incremental = request.cursor !== null;
    let pageToken: string | undefined;
    do {
      let data: people_v1.Schema$ListConnectionsResponse;
      try {
        const res = await people.people.connections.list(
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
        data = res.data;
      } catch (err) {
        throw mapGoogleError(err);
      }
      const persons = data.connections ?? [];
      const changes = persons.flatMap((p) => this.toChange(p, request.groupId, incremental));
      pageToken = data.nextPageToken ?? undefined;
      if (!pageToken) result.nextCursor = data.nextSyncToken ?? null;
      yield { changes, fetched: persons.length };
    } while (pageToken);
  }

  private toChange(person: people_v1.Schema$Person, groupId: string | null, incremental: boolean): ProviderChange[] {
    const externalId = person.resourceName;
    if (!externalId) return [];
    if (person.metadata?.deleted) return incremental ? [{ kind: 'remove', externalId, reason: 'deleted' }] : [];
    if (groupId && !googleGroupIdsOf(person).includes(groupId)) {
      return incremental ? [{ kind: 'remove', externalId, reason: 'left_group' }] : [];
    }
    return [
      {
        kind: 'upsert',
        externalId,
        etag: person.etag ?? '',
        contact: googlePersonToContact(person),
        updatedAt: googleUpdateTimeOf(person),
      },
    ];
  }
}
