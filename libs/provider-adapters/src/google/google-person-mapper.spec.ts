import { googleGroupIdsOf, googlePersonToContact, googlePhotoUrlOf, googleUpdateTimeOf } from './google-person-mapper';

describe('googlePersonToContact', () => {
  it('maps every synced field', () => {
    const contact = googlePersonToContact({
      resourceName: 'people/c1',
      names: [{ displayName: 'Dr. Ada King Lovelace Jr.', givenName: 'Ada', familyName: 'Lovelace', middleName: 'King', honorificPrefix: 'Dr.', honorificSuffix: 'Jr.', metadata: { primary: true } }],
      emailAddresses: [
        { value: 'ada@work.io', type: 'work' },
        { value: 'ada@home.io', type: 'home', metadata: { primary: true } },
      ],
      phoneNumbers: [{ value: '+44 20 7946 0000', type: 'mobile' }],
      addresses: [
        { type: 'postal', streetAddress: 'PO Road 1', city: 'London', postalCode: 'N1', country: 'UK' },
        { type: 'home', formattedValue: '12 St James Sq, London', streetAddress: '12 St James Sq', city: 'London', region: 'LDN', postalCode: 'SW1', country: 'United Kingdom', countryCode: 'GB' },
      ],
      imClients: [{ username: 'ada', protocol: 'skype', type: 'work' }],
      organizations: [{ name: 'Analytical Engines', title: 'Mathematician', department: 'R&D' }],
      biographies: [{ value: 'Wrote the first program.', contentType: 'TEXT_PLAIN' }],
      birthdays: [{ date: { year: 1815, month: 12, day: 10 } }],
      photos: [{ url: 'https://photos.example/ada.jpg' }],
    });
    expect(contact).toEqual({
      name: { displayName: 'Dr. Ada King Lovelace Jr.', givenName: 'Ada', familyName: 'Lovelace', middleName: 'King', prefix: 'Dr.', suffix: 'Jr.' },
      emails: [
        { value: 'ada@home.io', label: 'home', primary: true },
        { value: 'ada@work.io', label: 'work' },
      ],
      phones: [{ value: '+44 20 7946 0000', label: 'mobile', primary: true }],
      address: { formatted: '12 St James Sq, London', street: '12 St James Sq', city: 'London', region: 'LDN', postalCode: 'SW1', country: 'United Kingdom', countryCode: 'GB', label: 'home' },
      postalAddress: { street: 'PO Road 1', city: 'London', postalCode: 'N1', country: 'UK', label: 'postal' },
      instantMessengers: [{ value: 'ada', protocol: 'skype', label: 'work' }],
      organization: { name: 'Analytical Engines', department: 'R&D' },
      jobTitle: 'Mathematician',
      notes: 'Wrote the first program.',
      birthday: { year: 1815, month: 12, day: 10 },
    });
  });

  it('drops blank values, default avatars and year-less birthdays keep no year', () => {
    const contact = googlePersonToContact({
      names: [{ givenName: '  ' }],
      emailAddresses: [{ value: '' }, { value: ' x@y.z ' }],
      photos: [{ url: 'https://lh3/default.png', default: true }],
      birthdays: [{ date: { year: 0, month: 5, day: 1 } }],
    });
    expect(contact).toEqual({
      name: {},
      emails: [{ value: 'x@y.z', primary: true }],
      phones: [],
      instantMessengers: [],
      birthday: { month: 5, day: 1 },
    });
  });

  it('finds the own photo URL, never the generated default avatar', () => {
    expect(googlePhotoUrlOf({ photos: [{ url: 'https://lh3/default.png', default: true }] })).toBeUndefined();
    expect(googlePhotoUrlOf({ photos: [{ url: 'https://lh3/default.png', default: true }, { url: 'https://lh3/own.jpg' }] })).toBe('https://lh3/own.jpg');
    expect(googlePersonToContact({ photos: [{ url: 'https://lh3/own.jpg' }] })).not.toHaveProperty('photo');
  });

  it('reads group memberships and the contact source update time', () => {
    const person = {
      memberships: [
        { contactGroupMembership: { contactGroupResourceName: 'contactGroups/myContacts' } },
        { contactGroupMembership: { contactGroupResourceName: 'contactGroups/abc' } },
      ],
      metadata: { sources: [{ type: 'CONTACT', updateTime: '2026-01-02T03:04:05Z' }] },
    };
    expect(googleGroupIdsOf(person)).toEqual(['contactGroups/myContacts', 'contactGroups/abc']);
    expect(googleUpdateTimeOf(person)).toBe('2026-01-02T03:04:05Z');
  });
});
