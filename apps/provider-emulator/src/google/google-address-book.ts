import { hexId, opaque } from '../core/ids';
import { SYSTEM_GROUPS, type PersonField } from './google-person-fields';

export type PersonFields = Partial<Record<PersonField, unknown>>;

interface StoredPerson {
  resourceName: string;
  etag: string;
  /** Change sequence of the last modification (creates, edits, membership changes, deletion). */
  seq: number;
  updateTime: string;
  deleted: boolean;
  fields: PersonFields;
  groups: Set<string>;
}

export interface ContactGroup {
  resourceName: string;
  name: string;
  groupType: 'SYSTEM_CONTACT_GROUP' | 'USER_CONTACT_GROUP';
}

/** A snapshot listing in progress: pages are served from it so paging is stable while data changes. */
interface Listing {
  queryKey: string;
  resourceNames: string[];
  /** Sequence the listing reflects: its final page's sync token. */
  seq: number;
}

const MAX_PAGE = 1000;

/**
 * One emulated Google account: persons with a change log (monotonic sequence, tombstones), contact
 * groups, sync tokens and page tokens. Sync tokens are registered: an unknown or expired one is refused.
 */
export class GoogleAddressBook {
  private seq = 0;
  private nextId = 1;
  private readonly persons = new Map<string, StoredPerson>();
  private readonly groups = new Map<string, ContactGroup>();
  private readonly syncTokens = new Map<string, number>();
  private readonly listings = new Map<string, Listing>();

  constructor(readonly email: string) {
    for (const [id, name] of Object.entries(SYSTEM_GROUPS)) {
      this.groups.set(`contactGroups/${id}`, { resourceName: `contactGroups/${id}`, name, groupType: 'SYSTEM_CONTACT_GROUP' });
    }
  }

  // ------------------------------------------------------------------ groups
  createGroup(name: string): ContactGroup {
    const group: ContactGroup = { resourceName: `contactGroups/${hexId(6)}`, name, groupType: 'USER_CONTACT_GROUP' };
    this.groups.set(group.resourceName, group);
    return group;
  }

  listGroups(): (ContactGroup & { memberCount: number })[] {
    const counts = new Map<string, number>();
    for (const p of this.persons.values()) if (!p.deleted) for (const g of p.groups) counts.set(g, (counts.get(g) ?? 0) + 1);
    return [...this.groups.values()].map((g) => ({ ...g, memberCount: counts.get(g.resourceName) ?? 0 }));
  }

  /** A group given by resource name or by name. */
  resolveGroup(ref: string): string | undefined {
    if (this.groups.has(ref)) return ref;
    return [...this.groups.values()].find((g) => g.name === ref)?.resourceName;
  }

  // ------------------------------------------------------------------ persons
  private touch(p: StoredPerson): void {
    p.seq = ++this.seq;
    p.etag = `%Eg${opaque(9)}`;
    p.updateTime = new Date().toISOString();
  }

  create(fields: PersonFields, groups: string[]): string {
    const resourceName = `people/c${String(this.nextId++).padStart(12, '0')}${hexId(3)}`;
    const person: StoredPerson = { resourceName, etag: '', seq: 0, updateTime: '', deleted: false, fields, groups: new Set(groups) };
    this.touch(person);
    this.persons.set(resourceName, person);
    return resourceName;
  }

  get(resourceName: string): StoredPerson | undefined {
    const p = this.persons.get(resourceName);
    return p && !p.deleted ? p : undefined;
  }

  /** Replaces the given fields (null removes one); `groups` replaces the memberships. */
  update(resourceName: string, fields: PersonFields, groups?: string[]): boolean {
    const p = this.get(resourceName);
    if (!p) return false;
    for (const [k, v] of Object.entries(fields)) {
      if (v === null) delete p.fields[k as PersonField];
      else p.fields[k as PersonField] = v;
    }
    if (groups) p.groups = new Set(groups);
    this.touch(p);
    return true;
  }

  delete(resourceName: string): boolean {
    const p = this.get(resourceName);
    if (!p) return false;
    p.deleted = true;
    p.fields = {};
    p.groups.clear();
    this.touch(p);
    return true;
  }

  all(): StoredPerson[] {
    return [...this.persons.values()].filter((p) => !p.deleted);
  }

  // ------------------------------------------------------------------ listing and sync
  private issueSyncToken(seq: number): string {
    const token = opaque(24);
    this.syncTokens.set(token, seq);
    return token;
  }

  /** Forgets every sync token: the next incremental request gets the expired-token error. */
  expireSyncTokens(): void {
    this.syncTokens.clear();
  }

  /**
   * One page of people.connections.list. Returns 'expired' for an unknown sync token and
   * 'bad_page_token' for a page token that does not belong to this query.
   */
  list(query: { syncToken?: string; pageToken?: string; pageSize: number; queryKey: string }):
    | { persons: StoredPerson[]; nextPageToken?: string; nextSyncToken?: string; total: number }
    | 'expired'
    | 'bad_page_token' {
    let listing: Listing;
    let offset = 0;
    if (query.pageToken) {
      const [id, at] = query.pageToken.split('.');
      const found = id ? this.listings.get(id) : undefined;
      if (!found || found.queryKey !== query.queryKey || !at) return 'bad_page_token';
      listing = found;
      offset = Number(at);
    } else {
      let since = 0;
      if (query.syncToken !== undefined) {
        const seq = this.syncTokens.get(query.syncToken);
        if (seq === undefined) return 'expired';
        since = seq;
      }
      const matching = [...this.persons.values()]
        .filter((p) => (query.syncToken !== undefined ? p.seq > since : !p.deleted))
        .sort((a, b) => (query.syncToken !== undefined ? a.seq - b.seq : a.resourceName < b.resourceName ? -1 : 1));
      listing = { queryKey: query.queryKey, resourceNames: matching.map((p) => p.resourceName), seq: this.seq };
    }
    const size = Math.min(Math.max(query.pageSize, 1), MAX_PAGE);
    const slice = listing.resourceNames.slice(offset, offset + size);
    const persons = slice.flatMap((r) => {
      const p = this.persons.get(r);
      return p ? [p] : [];
    });
    const more = offset + size < listing.resourceNames.length;
    let nextPageToken: string | undefined;
    if (!more && query.pageToken) this.listings.delete(query.pageToken.split('.')[0] ?? '');
    if (more) {
      const id = query.pageToken?.split('.')[0] ?? opaque(12);
      this.listings.set(id, listing);
      nextPageToken = `${id}.${offset + size}`;
    }
    return {
      persons,
      nextPageToken,
      nextSyncToken: more ? undefined : this.issueSyncToken(listing.seq),
      total: listing.resourceNames.length,
    };
  }
}
