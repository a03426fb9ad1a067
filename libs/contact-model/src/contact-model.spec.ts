import {
  applyProviderFieldRules,
  canonicalContactSchema,
  contactHash,
  displayNameOf,
  emptyContact,
  formatBirthday,
  normalizeContact,
  UNNAMED_PERSON,
  type CanonicalContact,
} from './index';

const contact = (over: Partial<CanonicalContact> = {}): CanonicalContact => ({ ...emptyContact(), ...over });

describe('contactHash', () => {
  it('ignores object key order but not array order', () => {
    const a = contact({ name: { givenName: 'Ada', familyName: 'Lovelace' }, emails: [{ value: 'a@x.io' }, { value: 'b@x.io' }] });
    const b = contact({ emails: [{ value: 'a@x.io' }, { value: 'b@x.io' }], name: { familyName: 'Lovelace', givenName: 'Ada' } });
    expect(contactHash(a)).toBe(contactHash(b));
    const reordered = contact({ ...a, emails: [{ value: 'b@x.io' }, { value: 'a@x.io' }] });
    expect(contactHash(reordered)).not.toBe(contactHash(a));
  });

  it('changes when any synced field changes', () => {
    const base = contact({ notes: 'one' });
    expect(contactHash(contact({ notes: 'two' }))).not.toBe(contactHash(base));
    expect(contactHash(contact({ notes: 'one', jobTitle: 'CTO' }))).not.toBe(contactHash(base));
  });
});

describe('displayNameOf', () => {
  it('prefers the display name, then the composed name, company, e-mail, phone', () => {
    expect(displayNameOf(contact({ name: { displayName: 'Dr. Who' } }))).toBe('Dr. Who');
    expect(displayNameOf(contact({ name: { givenName: 'Ada', familyName: 'Lovelace' } }))).toBe('Ada Lovelace');
    expect(displayNameOf(contact({ organization: { name: 'ACME' } }))).toBe('ACME');
    expect(displayNameOf(contact({ emails: [{ value: 'x@y.z' }] }))).toBe('x@y.z');
    expect(displayNameOf(contact({ phones: [{ value: '+1 555' }] }))).toBe('+1 555');
    expect(displayNameOf(contact())).toBe(UNNAMED_PERSON);
  });
});

describe('normalizeContact', () => {
  it('dedupes e-mails case-insensitively, drops empty addresses and undefined keys', () => {
    const n = normalizeContact(
      contact({
        emails: [{ value: 'A@x.io', label: undefined }, { value: 'a@X.io' }],
        address: { label: 'home' },
        jobTitle: undefined,
      }),
    );
    expect(n.emails).toEqual([{ value: 'A@x.io' }]);
    expect(n).not.toHaveProperty('address');
    expect(n).not.toHaveProperty('jobTitle');
    expect(canonicalContactSchema.parse(n)).toEqual(n);
  });
});

describe('applyProviderFieldRules', () => {
  it('never lets notes through for Microsoft, keeps them for Google', () => {
    const c = contact({ notes: 'secret' });
    expect(applyProviderFieldRules(c, 'microsoft')).not.toHaveProperty('notes');
    expect(applyProviderFieldRules(c, 'google').notes).toBe('secret');
  });
});

describe('formatBirthday', () => {
  it('uses ISO dates and --MM-DD without a year', () => {
    expect(formatBirthday({ year: 1990, month: 2, day: 3 })).toBe('1990-02-03');
    expect(formatBirthday({ month: 12, day: 31 })).toBe('--12-31');
  });
});
