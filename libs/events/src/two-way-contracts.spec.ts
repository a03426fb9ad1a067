import { emptyContact, type CanonicalContact } from '@contact-sync/contact-model';
import { createEvent, parseEvent, type EventPayload } from './index';

const scope = { companyId: 'co-1', accountId: 'acc-1' };
const ada: CanonicalContact = { ...emptyContact(), name: { givenName: 'Ada' }, emails: [{ value: 'ada@x.example', primary: true }] };

const change = (over: Partial<EventPayload<'crm-person.changed'>> = {}): EventPayload<'crm-person.changed'> => ({
  personId: 'p1',
  provider: 'google',
  ownerUserId: 'u1',
  externalId: null,
  personVersion: 1,
  change: 'upsert',
  contact: ada,
  base: null,
  baseEtag: null,
  groupId: 'contactGroups/clients',
  updatedAt: '2026-12-03T10:00:00.000Z',
  ...over,
});

const result = (over: Partial<EventPayload<'writeback.completed'>> = {}): EventPayload<'writeback.completed'> => ({
  personId: 'p1',
  provider: 'google',
  personVersion: 1,
  outcome: 'created',
  externalId: 'people/c1',
  etag: '%E1',
  contact: ada,
  providerUpdatedAt: '2026-12-03T10:00:01.000Z',
  merged: [],
  notSynced: [],
  error: null,
  ...over,
});

describe('two-way contracts (CRM person changes, write-back results)', () => {
  it('round-trip through JSON on their own topics', () => {
    const c = createEvent('crm-person.changed', scope, change());
    expect(parseEvent('crmPersonChanges', JSON.stringify(c))).toEqual(c);
    const r = createEvent('writeback.completed', scope, result({ merged: [{ field: 'jobTitle', crmValue: 'A', providerValue: 'B', winner: 'provider', reason: 'edited later at the provider' }] }));
    expect(parseEvent('writebackResults', JSON.stringify(r))).toEqual(r);
  });

  it.each([
    ['an upsert without a contact', () => change({ contact: null }), /an upsert carries the contact/],
    ['a delete that still carries a contact', () => change({ change: 'delete', contact: ada, externalId: 'people/c1', provider: 'microsoft' as const, }), /a delete carries no contact/],
    ['a photo', () => change({ contact: { ...ada, photo: { hash: 'a'.repeat(64), contentType: 'image/png', byteLength: 1 } } }), /photos never go out/],
    ['Microsoft notes', () => change({ provider: 'microsoft', contact: { ...ada, notes: 'private' } }), /notes is never synced for microsoft/],
  ])('refuse a CRM change with %s', (_, payload, reason) => {
    expect(() => createEvent('crm-person.changed', scope, payload())).toThrow(reason);
  });

  it.each([
    ['a write without the provider representation', () => result({ contact: null }), /a write reports the external id, etag and the provider representation/],
    ['a failure without its error', () => result({ outcome: 'failed', externalId: null, etag: null, contact: null }), /a failure carries its error/],
    ['a success with an error', () => result({ error: { code: 'x', message: 'y', permanent: false } }), /only a failure carries an error/],
  ])('refuse a write-back result with %s', (_, payload, reason) => {
    expect(() => createEvent('writeback.completed', scope, payload())).toThrow(reason);
  });
});
