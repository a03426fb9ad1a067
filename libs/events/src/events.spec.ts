import { emptyContact, contactHash } from '@contact-sync/contact-model';
import { createEvent, InvalidEventError, parseEvent, topicName } from './index';

const upsert = () =>
  createEvent('provider-contact.upserted', { companyId: 'c1', accountId: 'a1' }, {
    provider: 'google',
    externalId: 'people/c1',
    ownerUserId: 'u1',
    visibility: 'owner_only',
    syncRunId: 'run-1',
    sequence: 1,
    configVersion: 1,
    etag: 'e1',
    contactHash: contactHash(emptyContact()),
    contact: emptyContact(),
    providerUpdatedAt: null,
  });

describe('event contracts', () => {
  it('round-trips a valid event through JSON', () => {
    const event = upsert();
    expect(parseEvent('providerContactChanges', Buffer.from(JSON.stringify(event)))).toEqual(event);
  });

  it.each([
    ['not json', '{nope', /not valid JSON/],
    ['bad envelope', JSON.stringify({ hello: 1 }), /bad envelope: id: Required/],
    ['unknown type', JSON.stringify({ ...upsert(), type: 'mystery' }), /unknown event type "mystery"/],
    ['wrong version', JSON.stringify({ ...upsert(), version: 9 }), /unsupported version 9/],
    ['bad payload', JSON.stringify({ ...upsert(), payload: { ...upsert().payload, contactHash: 'x' } }), /bad payload .*contactHash/],
    [
      'Microsoft notes',
      JSON.stringify({ ...upsert(), payload: { ...upsert().payload, provider: 'microsoft', contact: { ...emptyContact(), notes: 'private' } } }),
      /contact\.notes: notes is never synced for microsoft accounts/,
    ],
  ])('rejects %s with the reason', (_, raw, reason) => {
    expect(() => parseEvent('providerContactChanges', raw)).toThrow(InvalidEventError);
    expect(() => parseEvent('providerContactChanges', raw)).toThrow(reason);
  });

  it('rejects an event on the wrong topic', () => {
    expect(() => parseEvent('accountLifecycle', JSON.stringify(upsert()))).toThrow(/does not belong on topic/);
  });

  it('refuses to create an event whose payload breaks its contract', () => {
    expect(() => createEvent('sync.refresh-requested', { companyId: 'c', accountId: 'a' }, { full: 'yes' } as never)).toThrow();
  });

  it('names topics with a version and an optional namespace', () => {
    expect(topicName('providerContactChanges')).toBe('contact-sync.provider-contact-changes.v1');
    expect(topicName('deadLetter', 't42')).toBe('t42.contact-sync.dead-letter.v1');
  });
});
