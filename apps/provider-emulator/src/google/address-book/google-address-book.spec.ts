import { listConnections, type ConnectionsPage, type ConnectionsQuery } from './connections-query';
import { MY_CONTACTS } from './contact-group-set';
import { GoogleAddressBook } from './google-address-book';

const DAY = 86_400_000;
const query = (q: Partial<ConnectionsQuery> = {}): ConnectionsQuery => ({
  pageSize: 100,
  requestSyncToken: true,
  sortOrder: 'LAST_MODIFIED_ASCENDING',
  queryKey: 'k',
  syncTokenLifetimeMs: 7 * DAY,
  ...q,
});
const page = (r: ReturnType<typeof listConnections>): ConnectionsPage => {
  if (typeof r === 'string') throw new Error(r);
  return r;
};
const names = (p: ConnectionsPage) => p.persons.map((x) => x.wire.names?.[0]?.givenName ?? `(deleted ${x.resourceName})`);

describe('GoogleAddressBook change log and listings', () => {
  let now: number;
  let book: GoogleAddressBook;
  const add = (givenName: string) => book.create({ names: [{ givenName }] }, [MY_CONTACTS]);

  beforeEach(() => {
    now = Date.parse('2030-01-01T00:00:00Z');
    book = new GoogleAddressBook('a@example.com', () => now);
  });

  it('gives every modification the next sequence value and a new etag; deletions leave tombstones', () => {
    const a = add('A');
    const b = add('B');
    expect([a.seq, b.seq]).toEqual([1, 2]);
    const etag = a.etag;
    book.update(a.resourceName, {}, ['contactGroups/starred']);
    expect([a.seq, a.etag === etag, a.groups]).toEqual([3, false, ['contactGroups/starred']]);
    expect(book.delete(b.resourceName)).toBe(true);
    expect(book.delete(b.resourceName)).toBe(false);
    expect(book.get(b.resourceName)).toBeUndefined();
    expect(book.changedSince(2).map((p) => [p.resourceName, p.seq, p.deleted])).toEqual([
      [a.resourceName, 3, false],
      [b.resourceName, 4, true],
    ]);
  });

  it('pages from a snapshot: changes made while paging come with the next sync, never get lost', () => {
    const [a, b, c] = ['A', 'B', 'C'].map(add);
    const first = page(listConnections(book, query({ pageSize: 2 })));
    expect(names(first)).toEqual(['A', 'B']);

    book.delete(c!.resourceName); // not yet served: left out of this full listing
    book.update(a!.resourceName, { names: [{ givenName: 'A2' }] }); // already served
    add('D'); // created after the listing started

    const again = page(listConnections(book, query({ pageSize: 2, pageToken: first.nextPageToken })));
    const retried = page(listConnections(book, query({ pageSize: 2, pageToken: first.nextPageToken })));
    expect(names(again)).toEqual([]);
    expect(retried.nextSyncToken).toBeDefined();
    expect(again.totalItems).toBe(3);

    const delta = page(listConnections(book, query({ syncToken: again.nextSyncToken })));
    expect(delta.persons.map((p) => [p.wire.names?.[0]?.givenName, p.deleted])).toEqual([
      [undefined, true],
      ['A2', false],
      ['D', false],
    ]);
    expect(delta.persons[0]!.resourceName).toBe(c!.resourceName);
    expect(book.get(b!.resourceName)).toBeDefined();
  });

  it('refuses page tokens of another query or never issued', () => {
    ['A', 'B'].forEach(add);
    const first = page(listConnections(book, query({ pageSize: 1 })));
    expect(listConnections(book, query({ pageSize: 1, pageToken: first.nextPageToken, queryKey: 'other' }))).toBe('bad_page_token');
    expect(listConnections(book, query({ pageToken: 'bm9wZTox' }))).toBe('bad_page_token');
  });

  it('expires sync tokens a fixed time after the full sync, and on demand', () => {
    add('A');
    const full = page(listConnections(book, query()));
    now += 3 * DAY;
    const inc = page(listConnections(book, query({ syncToken: full.nextSyncToken })));
    now += 4 * DAY + 1;
    expect(listConnections(book, query({ syncToken: inc.nextSyncToken }))).toBe('expired_sync_token');

    const fresh = page(listConnections(book, query()));
    expect(book.syncTokens.expireAll()).toBeGreaterThan(0);
    expect(listConnections(book, query({ syncToken: fresh.nextSyncToken }))).toBe('expired_sync_token');
    expect(listConnections(book, query({ syncToken: 'unknown' }))).toBe('expired_sync_token');
  });

  it('sorts full listings as asked', () => {
    book.create({ names: [{ givenName: 'Zed', familyName: 'Adams' }] }, []);
    book.create({ names: [{ givenName: 'Amy', familyName: 'Young' }] }, []);
    const order = (sortOrder: ConnectionsQuery['sortOrder']) => names(page(listConnections(book, query({ sortOrder }))));
    expect(order('LAST_MODIFIED_ASCENDING')).toEqual(['Zed', 'Amy']);
    expect(order('LAST_MODIFIED_DESCENDING')).toEqual(['Amy', 'Zed']);
    expect(order('FIRST_NAME_ASCENDING')).toEqual(['Amy', 'Zed']);
    expect(order('LAST_NAME_ASCENDING')).toEqual(['Zed', 'Amy']);
  });
});
