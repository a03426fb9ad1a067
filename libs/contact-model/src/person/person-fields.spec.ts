import { emptyContact, type CanonicalContact } from '../canonical-contact';
import { personToContact, toPersonFields } from './person-fields';

const asPerson = (c: CanonicalContact) => ({ ...toPersonFields(c), organizationName: c.organization?.name ?? null });

describe('person fields ↔ canonical contact', () => {
  it('round-trips every field the CRM models', () => {
    const contact: CanonicalContact = {
      name: { displayName: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: 'ada@x.example', label: 'work', primary: true }],
      phones: [{ value: '+44 1', label: 'mobile', primary: true }],
      address: { city: 'London', label: 'home' },
      postalAddress: { poBox: '1', label: 'postal' },
      instantMessengers: [{ value: 'ada', protocol: 'skype' }],
      organization: { name: 'Analytical Engines' },
      jobTitle: 'Mathematician',
      notes: 'n',
      birthday: { month: 12, day: 10 },
    };
    expect(personToContact(asPerson(contact))).toEqual(contact);
  });

  it('keeps the name parts the CRM does not model out of the comparison (compare through toPersonFields)', () => {
    const provider: CanonicalContact = { ...emptyContact(), name: { displayName: 'Ada K. Lovelace', givenName: 'Ada', middleName: 'King', familyName: 'Lovelace' } };
    const crm = personToContact(asPerson(provider));
    expect(crm.name).toEqual({ displayName: 'Ada K. Lovelace', givenName: 'Ada', familyName: 'Lovelace' });
    expect(toPersonFields(crm)).toEqual(toPersonFields(provider));
  });
});
