import { emptyContact, contactHash } from '@contact-sync/contact-model';
import { createEvent, InvalidEventError, parseEvent } from './index';

const upsert = () =>
  createEvent('provider-contact.upserted', { companyId: 'c1', accountId: 'a1' }, {
    provider: 'google',
    externalId: 'people/c1',
    ownerUserId: 'u1',
    visibility: 'owner_only',
    syncRunId: 'run-1',
    sequence: 7,
    configVersion: 3,
    etag: 'e1',
    contactHash: contactHash({ ...emptyContact(), name: { givenName: 'Ada' } }),
    contact: { ...emptyContact(), name: { givenName: 'Ada' } },
    providerUpdatedAt: null,
  });

describe('tolerant consumers', () => {
  it('strips unknown fields at every depth (envelope, payload, nested contact)', () => {
    const event = upsert();
    const newer = {
      ...event,
      traceId: 't-1',
      payload: { ...event.payload, region: 'eu', contact: { ...event.payload.contact, pronouns: 'she', name: { ...event.payload.contact.name, phonetic: 'A' } } },
    };
    const parsed = parseEvent('providerContactChanges', JSON.stringify(newer));
    expect(parsed).toEqual(event);
  });

  it('upgrades an older version through the contract chain (v1 upsert → v2)', () => {
    const event = upsert();
    const { sequence: _s, configVersion: _c, ...v1Payload } = event.payload as unknown as Record<string, unknown>;
    const v1 = { ...event, version: 1, payload: { ...v1Payload, contact: { ...event.payload.contact, photoUrl: 'data:image/png;base64,AA==' } } };
    const parsed = parseEvent('providerContactChanges', JSON.stringify(v1));
    expect(parsed.version).toBe(2);
    expect(parsed.payload).toMatchObject({ sequence: 0, configVersion: 0, externalId: 'people/c1' });
    expect((parsed.payload as { contact: Record<string, unknown> }).contact).not.toHaveProperty('photoUrl');
  });

  it('refuses a newer version than it knows', () => {
    expect(() => parseEvent('providerContactChanges', JSON.stringify({ ...upsert(), version: 3 }))).toThrow(/newer than 2/);
  });

  it('refuses an older version without an upgrade path', () => {
    const connected = createEvent('sync.refresh-requested', { companyId: 'c', accountId: 'a' }, { full: true } as never);
    expect(() => parseEvent('accountLifecycle', JSON.stringify({ ...connected, version: 0 }))).toThrow(InvalidEventError);
  });

  it('still refuses a wrong value in a known field', () => {
    const event = upsert();
    expect(() => parseEvent('providerContactChanges', JSON.stringify({ ...event, payload: { ...event.payload, sequence: -1 } }))).toThrow(/sequence/);
  });
});

describe('strict producers', () => {
  it('createEvent refuses an unknown field', () => {
    const event = upsert();
    expect(() => createEvent('provider-contact.upserted', { companyId: 'c1', accountId: 'a1' }, { ...event.payload, region: 'eu' } as never)).toThrow();
  });
});
