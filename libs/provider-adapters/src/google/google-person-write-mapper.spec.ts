import { emptyContact, type CanonicalContact } from '@contact-sync/contact-model';
import { googlePersonToContact } from './google-person-mapper';
import { contactToGooglePerson } from './google-person-write-mapper';

const full: CanonicalContact = {
  name: { displayName: 'Dr. Ada King Lovelace Jr.', givenName: 'Ada', familyName: 'Lovelace', middleName: 'King', prefix: 'Dr.', suffix: 'Jr.' },
  emails: [{ value: 'ada@home.io', label: 'home', primary: true }, { value: 'ada@work.io', label: 'work' }],
  phones: [{ value: '+44 20 7946 0000', label: 'mobile', primary: true }],
  address: { street: '12 St James Sq', city: 'London', postalCode: 'SW1', country: 'United Kingdom', countryCode: 'GB', label: 'home' },
  postalAddress: { street: 'PO Road 1', city: 'London', postalCode: 'N1', label: 'postal' },
  instantMessengers: [{ value: 'ada', protocol: 'skype', label: 'work' }],
  organization: { name: 'Analytical Engines', department: 'R&D' },
  jobTitle: 'Mathematician',
  notes: 'Wrote the first program.',
  birthday: { year: 1815, month: 12, day: 10 },
};

describe('contactToGooglePerson', () => {
  it('reads back as the same canonical contact (every synced field)', () => {
    expect(googlePersonToContact(contactToGooglePerson(full))).toEqual(full);
    const sparse: CanonicalContact = { ...emptyContact(), name: { givenName: 'Bo' }, jobTitle: 'Engineer', birthday: { month: 2, day: 29 } };
    expect(googlePersonToContact(contactToGooglePerson(sparse))).toEqual(sparse);
  });

  it('writes every field, empty ones as [] so that updateContact clears them; never photos', () => {
    const person = contactToGooglePerson({ ...emptyContact(), name: { givenName: 'Bo' }, photo: { hash: 'a'.repeat(64), contentType: 'image/png', byteLength: 3 } });
    expect(person).toEqual({
      names: [{ givenName: 'Bo' }],
      emailAddresses: [],
      phoneNumbers: [],
      addresses: [],
      imClients: [],
      organizations: [],
      biographies: [],
      birthdays: [],
    });
  });

  it('keeps what the CRM does not model from the current person: further addresses and organizations', () => {
    const current = {
      addresses: [
        { type: 'home', city: 'London', metadata: { primary: true } },
        { type: 'postal', city: 'PO Box town' },
        { type: 'work', city: 'Cambridge', formattedType: 'Work', metadata: { source: { type: 'CONTACT', id: '1' } } },
      ],
      organizations: [{ name: 'Old', metadata: { primary: true } }, { name: 'Royal Society', title: 'Fellow' }],
    };
    const person = contactToGooglePerson(full, current);
    expect(person.addresses?.map((a) => a.city)).toEqual(['London', 'London', 'Cambridge']);
    expect(person.addresses?.[2]).toEqual({ type: 'work', city: 'Cambridge', formattedType: 'Work' });
    expect(person.organizations?.map((o) => o.name)).toEqual(['Analytical Engines', 'Royal Society']);
    expect(googlePersonToContact(person)).toEqual(full);
  });

  it('a main address labelled like a postal one is not read back as the postal address', () => {
    const odd: CanonicalContact = { ...emptyContact(), address: { city: 'Leeds', label: 'postal' } };
    expect(googlePersonToContact(contactToGooglePerson(odd)).address).toEqual({ city: 'Leeds' });
  });
});
