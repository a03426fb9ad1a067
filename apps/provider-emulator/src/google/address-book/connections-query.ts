import type { PersonRecord } from '../person/person-record';
import type { GoogleAddressBook } from './google-address-book';

export type SortOrder = 'LAST_MODIFIED_ASCENDING' | 'LAST_MODIFIED_DESCENDING' | 'FIRST_NAME_ASCENDING' | 'LAST_NAME_ASCENDING';
export const SORT_ORDERS: readonly SortOrder[] = ['LAST_MODIFIED_ASCENDING', 'LAST_MODIFIED_DESCENDING', 'FIRST_NAME_ASCENDING', 'LAST_NAME_ASCENDING'];

export interface ConnectionsQuery {
  pageSize: number;
  pageToken?: string;
  syncToken?: string;
  requestSyncToken: boolean;
  sortOrder: SortOrder;
  /** Identifies the request's other parameters: a page token only works with the same ones. */
  queryKey: string;
  syncTokenLifetimeMs: number;
}

export interface ConnectionsPage {
  persons: PersonRecord[];
  nextPageToken?: string;
  nextSyncToken?: string;
  totalItems: number;
}

export type ConnectionsError = 'expired_sync_token' | 'bad_page_token';

const nameKey = (p: PersonRecord, part: 'givenName' | 'familyName'): string => {
  const name = p.wire.names?.[0];
  return String(name?.[part] ?? name?.displayName ?? '').toLowerCase();
};

function sortLive(persons: PersonRecord[], order: SortOrder): PersonRecord[] {
  switch (order) {
    case 'LAST_MODIFIED_DESCENDING':
      return persons.sort((a, b) => b.seq - a.seq);
    case 'FIRST_NAME_ASCENDING':
      return persons.sort((a, b) => nameKey(a, 'givenName').localeCompare(nameKey(b, 'givenName')) || a.seq - b.seq);
    case 'LAST_NAME_ASCENDING':
      return persons.sort((a, b) => nameKey(a, 'familyName').localeCompare(nameKey(b, 'familyName')) || a.seq - b.seq);
    default:
      return persons.sort((a, b) => a.seq - b.seq);
  }
}

/**
 * people.connections.list over one address book. Without a sync token: every live person (sorted
 * as asked). With one: everything changed after the token's sequence, tombstones included (sort
 * order does not apply to syncs). `nextSyncToken` only on the last page and only when asked for.
 *
 * With a write propagation delay (stamped on each write as `visibleAt`), listings lag the book: a
 * person not yet visible since its creation is not listed, a change not yet visible is not in
 * incremental results, and tokens point before the oldest such change so it comes with a later
 * sync. Only the newest version of a person is kept: a person changed within the delay is listed
 * as it is now by a full listing (and again by a later sync); a person deleted within the delay is
 * left out of full listings.
 */
export function listConnections(book: GoogleAddressBook, q: ConnectionsQuery): ConnectionsPage | ConnectionsError {
  const now = book.clock();
  const visible = (at: number) => at <= now;
  let listing;
  let offset = 0;
  if (q.pageToken) {
    const found = book.listings.resolve(q.pageToken);
    if (!found || found.listing.queryKey !== q.queryKey) return 'bad_page_token';
    ({ listing, offset } = found);
  } else if (q.syncToken !== undefined) {
    const point = book.syncTokens.resolve(q.syncToken, now, q.syncTokenLifetimeMs);
    if (!point) return 'expired_sync_token';
    listing = book.listings.start({
      queryKey: q.queryKey,
      incremental: true,
      resourceNames: book.changedSince(point.seq).filter((p) => visible(p.visibleAt)).map((p) => p.resourceName),
      syncPoint: { seq: book.syncHorizon(now), fullSyncAt: point.fullSyncAt },
    });
  } else {
    listing = book.listings.start({
      queryKey: q.queryKey,
      incremental: false,
      resourceNames: sortLive(book.live().filter((p) => visible(p.listedAt)), q.sortOrder).map((p) => p.resourceName),
      syncPoint: { seq: book.syncHorizon(now), fullSyncAt: now },
    });
  }

  const end = Math.min(offset + q.pageSize, listing.resourceNames.length);
  const persons: PersonRecord[] = [];
  for (let i = offset; i < end; i++) {
    const p = book.record(listing.resourceNames[i] as string);
    // A person deleted while a full listing is paged is left out; its tombstone comes with the next sync.
    if (p && (listing.incremental || !p.deleted)) persons.push(p);
  }
  const more = end < listing.resourceNames.length;
  return {
    persons,
    totalItems: listing.resourceNames.length,
    ...(more ? { nextPageToken: book.listings.pageToken(listing, end) } : {}),
    ...(!more && q.requestSyncToken ? { nextSyncToken: book.syncTokens.issue(listing.syncPoint, now, q.syncTokenLifetimeMs) } : {}),
  };
}
