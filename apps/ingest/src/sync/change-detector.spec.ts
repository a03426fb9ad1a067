import { contactHash, emptyContact, type CanonicalContact } from '@contact-sync/contact-model';
import type { ProviderChange } from '@contact-sync/provider-adapters';
import { diffPage } from './change-detector';

const withName = (givenName: string, notes?: string): CanonicalContact => ({ ...emptyContact(), name: { givenName }, ...(notes ? { notes } : {}) });
const upsert = (externalId: string, contact: CanonicalContact, etag = 'e1'): ProviderChange => ({ kind: 'upsert', externalId, etag, contact, updatedAt: null });

describe('diffPage', () => {
  it('publishes new and changed contacts, not unchanged ones', () => {
    const shadow = new Map([
      ['p/same', { externalId: 'p/same', etag: 'e0', contactHash: contactHash(withName('Same')) }],
      ['p/changed', { externalId: 'p/changed', etag: 'e0', contactHash: contactHash(withName('Old')) }],
    ]);
    const diff = diffPage('google', [upsert('p/new', withName('New')), upsert('p/same', withName('Same'), 'e5'), upsert('p/changed', withName('New name'))], shadow);
    expect(diff.changes.map((c) => (c.kind === 'upsert' ? c.change.externalId : c.externalId))).toEqual(['p/new', 'p/changed']);
    expect(diff.unchanged).toBe(1);
    // A new etag with the same content refreshes the shadow without an event.
    expect(diff.shadowInserts.map((s) => s.externalId)).toEqual(['p/new']);
    expect(diff.shadowUpdates.map((s) => s.externalId)).toEqual(['p/same', 'p/changed']);
  });

  it('a photo that becomes (or stops being) impossible to sync is a change: the CRM must list it', () => {
    const hash = contactHash(withName('Ada'));
    const shadow = new Map([
      ['p/now-refused', { externalId: 'p/now-refused', etag: 'e0', contactHash: hash, photoNotSynced: null }],
      ['p/still-refused', { externalId: 'p/still-refused', etag: 'e0', contactHash: hash, photoNotSynced: 'larger than 1048576 bytes' }],
    ]);
    const refused = (id: string): ProviderChange => ({ ...upsert(id, withName('Ada'), 'e1'), photoNotSynced: 'larger than 1048576 bytes' } as ProviderChange);
    const diff = diffPage('google', [refused('p/now-refused'), refused('p/still-refused')], shadow);
    expect(diff.changes.map((c) => (c.kind === 'upsert' ? [c.change.externalId, c.change.photoNotSynced] : null))).toEqual([['p/now-refused', 'larger than 1048576 bytes']]);
    expect(diff.unchanged).toBe(1);
    expect(diff.shadowUpdates.find((e) => e.externalId === 'p/now-refused')?.photoNotSynced).toBe('larger than 1048576 bytes');
  });

  it('deletes only contacts it had synced', () => {
    const shadow = new Map([['p/known', { externalId: 'p/known', etag: 'e', contactHash: 'h' }]]);
    const diff = diffPage('google', [
      { kind: 'remove', externalId: 'p/known', reason: 'left_group' },
      { kind: 'remove', externalId: 'p/never-synced', reason: 'deleted' },
    ], shadow);
    expect(diff.changes).toEqual([{ kind: 'delete', externalId: 'p/known', reason: 'left_group' }]);
    expect(diff.shadowDeletes).toEqual(['p/known']);
  });

  it('a two-way sync also sends removals of contacts it never listed (write-back made them; contacts has the link)', () => {
    const diff = diffPage('google', [{ kind: 'remove', externalId: 'p/written-back', reason: 'deleted' }], new Map(), { sendUnknownRemovals: true });
    expect(diff.changes).toEqual([{ kind: 'delete', externalId: 'p/written-back', reason: 'deleted' }]);
    expect(diff.shadowDeletes).toEqual([]);
  });

  it('strips fields the provider never syncs before hashing (Microsoft notes)', () => {
    const shadow = new Map([['p/1', { externalId: 'p/1', etag: 'e', contactHash: contactHash(withName('A')) }]]);
    const diff = diffPage('microsoft', [upsert('p/1', withName('A', 'private note'))], shadow);
    expect(diff.changes).toEqual([]);
    expect(diff.unchanged).toBe(1);
  });

  it('re-sends unchanged contacts when asked (repairing full resync), but only those not yet handled', () => {
    const shadow = new Map([
      ['p/a', { externalId: 'p/a', etag: 'e1', contactHash: contactHash(withName('A')) }],
      ['p/b', { externalId: 'p/b', etag: 'e1', contactHash: contactHash(withName('B')) }],
    ]);
    const diff = diffPage('google', [upsert('p/a', withName('A')), upsert('p/b', withName('B'))], shadow, { resend: (id) => id === 'p/a' });
    expect(diff.changes.map((c) => (c.kind === 'upsert' ? c.change.externalId : c.externalId))).toEqual(['p/a']);
    expect(diff.unchanged).toBe(1);
  });

  it('quarantines a record that cannot be mapped instead of failing the page', () => {
    const bad = { kind: 'upsert', externalId: 'p/bad', etag: 'e', contact: { name: { givenName: 'Bad' } }, updatedAt: null } as unknown as ProviderChange;
    const diff = diffPage('google', [bad, upsert('p/ok', withName('Ok'))], new Map());
    expect(diff.quarantined).toEqual([expect.objectContaining({ externalId: 'p/bad', label: 'Bad' })]);
    expect(diff.changes.map((c) => (c.kind === 'upsert' ? c.change.externalId : c.externalId))).toEqual(['p/ok']);
  });
});
