import { canonicalContactSchema, emptyContact, type CanonicalContact } from '@contact-sync/contact-model';
import { GRAPH_CONTACT_SELECT, type GraphContact } from './graph-contact-fields';
import {
  contactToGraphContact,
  graphContactToContact,
  graphEtagOf,
  graphUpdateTimeOf,
  isGraphRemoved,
  parseGraphBirthday,
  pickGraphAddresses,
} from './graph-contact-mapper';


/** Every field the seed fills (e2e/src/fixtures/microsoft-seed.ts), as Graph returns it. */
const full: GraphContact = {
  id: 'AAMkAGI2THVSAAA=',
  '@odata.etag': 'W/"EQAAABYAAAAfake"',
  changeKey: 'EQAAABYAAAAfake',
  lastModifiedDateTime: '2026-01-02T03:04:05Z',
  parentFolderId: 'AAMkAGI2TG93AAA=',
  displayName: 'Rear Adm. Grace Brewster Hopper PhD',
  givenName: 'Grace',
  middleName: 'Brewster',
  surname: 'Hopper',
  title: 'Rear Adm.',
  generation: 'PhD',
  emailAddresses: [
    { name: 'Grace Hopper', address: 'grace@navy.example' },
    { name: 'Grace at home', address: 'grace@home.example' },
  ],
  businessPhones: ['+1 202 555 0100'],
  homePhones: ['+1 202 555 0142'],
  mobilePhone: '+1 202 555 0199',
  businessAddress: { street: '1 Navy Yard', city: 'Washington', state: 'DC', postalCode: '20374', countryOrRegion: 'United States' },
  homeAddress: { street: '12 Elm St', city: 'New York', state: 'NY', postalCode: '10001', countryOrRegion: 'United States' },
  otherAddress: { street: 'PO Box 42', city: 'Arlington', state: 'VA', postalCode: '22201', countryOrRegion: 'United States' },
  imAddresses: ['grace@jabber.example'],
  companyName: 'US Navy',
  department: 'Research',
  jobTitle: 'Computer Scientist',
  birthday: '1906-12-09T11:59:00Z',
  personalNotes: 'Private notes that must never reach the CRM.',
};

const fullCanonical: CanonicalContact = {
  name: { displayName: 'Rear Adm. Grace Brewster Hopper PhD', givenName: 'Grace', familyName: 'Hopper', middleName: 'Brewster', prefix: 'Rear Adm.', suffix: 'PhD' },
  emails: [{ value: 'grace@navy.example', primary: true }, { value: 'grace@home.example' }],
  phones: [
    { value: '+1 202 555 0100', label: 'work', primary: true },
    { value: '+1 202 555 0142', label: 'home' },
    { value: '+1 202 555 0199', label: 'mobile' },
  ],
  address: { street: '1 Navy Yard', city: 'Washington', region: 'DC', postalCode: '20374', country: 'United States', label: 'work' },
  postalAddress: { street: 'PO Box 42', city: 'Arlington', region: 'VA', postalCode: '22201', country: 'United States', label: 'other' },
  instantMessengers: [{ value: 'grace@jabber.example' }],
  organization: { name: 'US Navy', department: 'Research' },
  jobTitle: 'Computer Scientist',
  birthday: { year: 1906, month: 12, day: 9 },
};

describe('graphContactToContact', () => {
  it('maps every synced field', () => {
    const contact = graphContactToContact(full);
    expect(contact).toEqual(fullCanonical);
    expect(canonicalContactSchema.parse(contact)).toEqual(contact);
  });

  it('never reads personalNotes, even when the row carries them', () => {
    const contact = graphContactToContact({ givenName: 'Secret', personalNotes: 'do not sync me' });
    expect(contact).not.toHaveProperty('notes');
    expect(JSON.stringify(contact)).not.toContain('do not sync me');
    expect(GRAPH_CONTACT_SELECT.split(',')).not.toContain('personalNotes');
  });

  it('drops blank values everywhere', () => {
    const contact = graphContactToContact({
      displayName: '  ',
      givenName: '',
      surname: null,
      emailAddresses: [{ name: 'x', address: ' ' }, { address: ' x@y.z ' }, { name: 'only a name' }],
      businessPhones: ['', '  '],
      homePhones: [],
      mobilePhone: ' ',
      businessAddress: { street: '', city: ' ', state: '', postalCode: '', countryOrRegion: '' },
      homeAddress: {},
      otherAddress: null,
      imAddresses: ['', ' '],
      companyName: ' ',
      department: 'Orphan department',
      jobTitle: '',
      birthday: '',
    });
    expect(contact).toEqual({ name: {}, emails: [{ value: 'x@y.z', primary: true }], phones: [], instantMessengers: [] });
  });

  it('keeps unicode and emoji names as they are', () => {
    const contact = graphContactToContact({
      givenName: 'Zoë 🦄',
      surname: 'Łukasiewicz-渡辺',
      displayName: 'Zoë 🦄 Łukasiewicz-渡辺',
      emailAddresses: [{ address: 'zoe@ünicode.example' }],
    });
    expect(contact.name).toEqual({ displayName: 'Zoë 🦄 Łukasiewicz-渡辺', givenName: 'Zoë 🦄', familyName: 'Łukasiewicz-渡辺' });
    expect(contact.emails).toEqual([{ value: 'zoe@ünicode.example', primary: true }]);
  });

  it('keeps 20 e-mails in order, the first primary, duplicates dropped case-insensitively', () => {
    const emailAddresses = Array.from({ length: 20 }, (_, i) => ({ address: `many${i}@mails.example` }));
    const contact = graphContactToContact({ emailAddresses: [...emailAddresses, { address: 'MANY0@mails.example' }] });
    expect(contact.emails).toHaveLength(20);
    expect(contact.emails[0]).toEqual({ value: 'many0@mails.example', primary: true });
    expect(contact.emails.slice(1).every((e) => !e.primary)).toBe(true);
    expect(contact.emails.map((e) => e.value)).toEqual(emailAddresses.map((e) => e.address));
  });

  it('maps a contact with only a mobile phone (no name)', () => {
    expect(graphContactToContact({ mobilePhone: '+49 30 123456' })).toEqual({
      name: {},
      emails: [],
      phones: [{ value: '+49 30 123456', label: 'mobile', primary: true }],
      instantMessengers: [],
    });
  });

  it('never sets a photo itself: the driver adds the reference to downloaded bytes', () => {
    expect(graphContactToContact({ givenName: 'A' })).not.toHaveProperty('photo');
  });
});

describe('address rule (three Outlook slots, two canonical ones)', () => {
  const B = { street: 'B street' };
  const H = { street: 'H street' };
  const O = { street: 'O street' };
  const pick = (c: GraphContact) => {
    const { address, postalAddress } = pickGraphAddresses(c);
    return [address?.street ?? null, address?.label ?? null, postalAddress?.street ?? null, postalAddress?.label ?? null];
  };

  it.each([
    ['business, home, other', { businessAddress: B, homeAddress: H, otherAddress: O }, ['B street', 'work', 'O street', 'other']],
    ['business, home', { businessAddress: B, homeAddress: H }, ['B street', 'work', 'H street', 'home']],
    ['business, other', { businessAddress: B, otherAddress: O }, ['B street', 'work', 'O street', 'other']],
    ['home, other', { homeAddress: H, otherAddress: O }, ['H street', 'home', 'O street', 'other']],
    ['business only', { businessAddress: B }, ['B street', 'work', null, null]],
    ['home only', { homeAddress: H }, ['H street', 'home', null, null]],
    ['other only', { otherAddress: O }, ['O street', 'other', null, null]],
    ['none (blank slots)', { businessAddress: { street: ' ' }, homeAddress: {} }, [null, null, null, null]],
  ])('%s', (_name, contact, expected) => {
    expect(pick(contact as GraphContact)).toEqual(expected);
  });
});

describe('birthdays', () => {
  it('reads the calendar date as written, whatever the time and offset', () => {
    expect(parseGraphBirthday('1906-12-09T11:59:00Z')).toEqual({ year: 1906, month: 12, day: 9 });
    expect(parseGraphBirthday('1990-02-03T00:00:00Z')).toEqual({ year: 1990, month: 2, day: 3 });
    expect(parseGraphBirthday('1990-02-03T23:30:00+02:00')).toEqual({ year: 1990, month: 2, day: 3 });
    expect(parseGraphBirthday('1990-02-03')).toEqual({ year: 1990, month: 2, day: 3 });
  });

  it('treats the no-year conventions (1604, 1601) as an unknown year', () => {
    expect(parseGraphBirthday('1604-05-09T11:59:00Z')).toEqual({ month: 5, day: 9 });
    expect(parseGraphBirthday('1601-05-09T00:00:00Z')).toEqual({ month: 5, day: 9 });
    expect(graphContactToContact({ birthday: '1604-12-31T11:59:00Z' }).birthday).toEqual({ month: 12, day: 31 });
  });

  it('ignores garbage', () => {
    expect(parseGraphBirthday('not a date')).toBeUndefined();
    expect(parseGraphBirthday('1990-13-01T00:00:00Z')).toBeUndefined();
    expect(parseGraphBirthday(null)).toBeUndefined();
  });

  it('writes the date at 11:59 UTC, 1604 for an unknown year, and reads both back', () => {
    expect(contactToGraphContact({ ...emptyContact(), birthday: { year: 1906, month: 12, day: 9 } }).birthday).toBe('1906-12-09T11:59:00Z');
    expect(contactToGraphContact({ ...emptyContact(), birthday: { month: 2, day: 29 } }).birthday).toBe('1604-02-29T11:59:00Z');
    expect(parseGraphBirthday('1604-02-29T11:59:00Z')).toEqual({ month: 2, day: 29 });
  });
});

describe('contactToGraphContact', () => {
  it('writes every field that can go back, never notes or the photo', () => {
    const write = contactToGraphContact({ ...fullCanonical, notes: 'CRM notes' });
    expect(write).toEqual({
      displayName: 'Rear Adm. Grace Brewster Hopper PhD',
      givenName: 'Grace',
      middleName: 'Brewster',
      surname: 'Hopper',
      title: 'Rear Adm.',
      generation: 'PhD',
      emailAddresses: [{ address: 'grace@navy.example' }, { address: 'grace@home.example' }],
      businessPhones: ['+1 202 555 0100'],
      homePhones: ['+1 202 555 0142'],
      mobilePhone: '+1 202 555 0199',
      businessAddress: { street: '1 Navy Yard', city: 'Washington', state: 'DC', postalCode: '20374', countryOrRegion: 'United States' },
      otherAddress: { street: 'PO Box 42', city: 'Arlington', state: 'VA', postalCode: '22201', countryOrRegion: 'United States' },
      imAddresses: ['grace@jabber.example'],
      companyName: 'US Navy',
      department: 'Research',
      jobTitle: 'Computer Scientist',
      birthday: '1906-12-09T11:59:00Z',
    });
    expect(write).not.toHaveProperty('personalNotes');
    expect(write).not.toHaveProperty('homeAddress');
    expect(JSON.stringify(write)).not.toContain('CRM notes');
    expect(JSON.stringify(write)).not.toContain('data:image');
  });

  it('round-trips canonical → Graph → canonical for every write-back field', () => {
    const writable = fullCanonical;
    expect(graphContactToContact(contactToGraphContact(writable))).toEqual(writable);
    const unicode: CanonicalContact = {
      ...emptyContact(),
      name: { displayName: 'Zoë 🦄 Łukasiewicz-渡辺', givenName: 'Zoë 🦄', familyName: 'Łukasiewicz-渡辺' },
      emails: Array.from({ length: 20 }, (_, i) => ({ value: `many${i}@mails.example`, ...(i === 0 ? { primary: true } : {}) })),
      phones: [{ value: '+1 1', label: 'work', primary: true }, { value: '+1 2', label: 'work' }, { value: '+1 3', label: 'home' }],
      address: { street: '12 Elm St', city: 'New York', label: 'home' },
      birthday: { month: 5, day: 9 },
    };
    expect(graphContactToContact(contactToGraphContact(unicode))).toEqual(unicode);
  });

  it('round-trips Graph → canonical → Graph for a Graph contact (the unsynced third address aside)', () => {
    const write = contactToGraphContact(graphContactToContact(full));
    expect(write).not.toHaveProperty('homeAddress');
    for (const key of Object.keys(write) as (keyof typeof write)[]) {
      if (key === 'emailAddresses') continue;
      expect([key, write[key]]).toEqual([key, full[key]]);
    }
    expect(write.emailAddresses).toEqual(full.emailAddresses?.map((e) => ({ address: e.address })));
  });

  it('splits phones by label: home, first mobile, everything else business', () => {
    const write = contactToGraphContact({
      ...emptyContact(),
      phones: [
        { value: '1', label: 'mobile', primary: true },
        { value: '2' },
        { value: '3', label: 'home' },
        { value: '4', label: 'cell' },
        { value: '5', label: 'workFax' },
        { value: '6', label: 'Home' },
      ],
    });
    expect(write).toMatchObject({ mobilePhone: '1', homePhones: ['3', '6'], businessPhones: ['2', '4', '5'] });
  });

  it('puts addresses back by label, unlabelled ones in the first free slot', () => {
    const a = (street: string, label?: string) => ({ street, ...(label ? { label } : {}) });
    const slots = (c: Partial<CanonicalContact>) => {
      const w = contactToGraphContact({ ...emptyContact(), ...c });
      return { business: w.businessAddress?.street, home: w.homeAddress?.street, other: w.otherAddress?.street };
    };
    expect(slots({ address: a('H', 'home'), postalAddress: a('B', 'work') })).toEqual({ business: 'B', home: 'H', other: undefined });
    expect(slots({ address: a('M'), postalAddress: a('P') })).toEqual({ business: 'M', home: undefined, other: 'P' });
    // Google labels: "postal" is not an Outlook slot.
    expect(slots({ address: a('M', 'home'), postalAddress: a('P', 'postal') })).toEqual({ business: undefined, home: 'M', other: 'P' });
    expect(slots({ address: a('M'), postalAddress: a('P', 'work') })).toEqual({ business: 'P', home: 'M', other: undefined });
    expect(slots({ address: a('A', 'other'), postalAddress: a('B', 'other') })).toEqual({ business: undefined, home: 'B', other: 'A' });
  });

  it('folds extended lines and the PO box into the street, uses formatted text only when nothing else exists', () => {
    const w = contactToGraphContact({
      ...emptyContact(),
      address: { street: '1 Main St', extended: 'Suite 5', poBox: 'PO 9', countryCode: 'GB', formatted: '1 Main St, Suite 5' },
      postalAddress: { formatted: '2 Side St, Leeds' },
    });
    expect(w.businessAddress).toEqual({ street: '1 Main St\nSuite 5\nPO 9', countryOrRegion: 'GB' });
    expect(w.otherAddress).toEqual({ street: '2 Side St, Leeds' });
  });

  it('clears what the CRM cleared: absent scalars are null, absent lists empty', () => {
    const w = contactToGraphContact(emptyContact());
    expect(w).toEqual({
      givenName: null,
      middleName: null,
      surname: null,
      title: null,
      generation: null,
      emailAddresses: [],
      businessPhones: [],
      homePhones: [],
      mobilePhone: null,
      imAddresses: [],
      companyName: null,
      department: null,
      jobTitle: null,
      birthday: null,
    });
  });
});

describe('metadata helpers', () => {
  it('reads the update time, the etag and removals', () => {
    expect(graphUpdateTimeOf(full)).toBe('2026-01-02T03:04:05Z');
    expect(graphUpdateTimeOf({})).toBeNull();
    expect(graphEtagOf(full)).toBe('EQAAABYAAAAfake');
    expect(graphEtagOf({ '@odata.etag': 'W/"x"' })).toBe('W/"x"');
    expect(graphEtagOf({})).toBe('');
    expect(isGraphRemoved({ id: '1', '@removed': { reason: 'deleted' } })).toBe(true);
    expect(isGraphRemoved({ id: '1', '@removed': {} })).toBe(true);
    expect(isGraphRemoved(full)).toBe(false);
  });
});
