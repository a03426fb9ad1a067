import { MY_CONTACTS } from './address-book/contact-group-set';
import type { GoogleStore } from './google-store';
import type { PersonFieldValues } from './person/person-fields';

export const DEMO_ACCOUNT = 'demo@example.com';

const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Sophia', 'Lucas', 'Mia', 'Mateo', 'Amelia', 'Elias', 'Chloé', 'Jonas', 'Isabella', 'Hiroshi', 'Aisha', 'Marco', 'Ingrid', 'Rafael', 'Priya', 'Tomasz', 'Zoë', 'Kwame', 'Léa', 'Sven', 'Fatima'];
const LAST = ['Bennett', 'García', 'Nakamura', 'Müller', 'Okafor', 'Rossi', 'Johansson', 'Dubois', 'Kowalski', 'Patel', 'Silva', 'Andersen', 'Fischer', 'Moreau', 'Haddad', 'Novak', "O'Brien", 'Costa', 'Lindqvist', 'Mensah'];
export const CLIENTS = [
  ['Northwind Traders', 'northwind.example', 'Head of Procurement', 'Procurement'],
  ['Blue Harbor Logistics', 'blueharbor.example', 'Operations Manager', 'Operations'],
  ['Lumen Health', 'lumenhealth.example', 'CTO', 'Technology'],
  ['Atlas Architects', 'atlas-arch.example', 'Partner', 'Management'],
  ['Greenfield Foods', 'greenfield.example', 'Purchasing Lead', 'Purchasing'],
];
export const SUPPLIERS = [
  ['Acme Components', 'acme.example', 'Account Manager', 'Sales'],
  ['Contoso Printing', 'contoso-print.example', 'Sales Representative', 'Sales'],
  ['Vertex Cloud', 'vertexcloud.example', 'Customer Success Manager', 'Customer Success'],
  ['Baltic Timber', 'baltictimber.example', 'Export Manager', 'Export'],
];
const CITIES = [
  { city: 'Berlin', region: 'Berlin', postalCode: '10115', country: 'Germany', countryCode: 'DE', phone: '+49 30 901820' },
  { city: 'Lisbon', region: 'Lisboa', postalCode: '1100-148', country: 'Portugal', countryCode: 'PT', phone: '+351 21 342 0' },
  { city: 'Austin', region: 'TX', postalCode: '78701', country: 'United States', countryCode: 'US', phone: '+1 512 555 01' },
  { city: 'Tallinn', region: 'Harju', postalCode: '10111', country: 'Estonia', countryCode: 'EE', phone: '+372 600 12' },
  { city: 'Osaka', region: 'Osaka', postalCode: '530-0001', country: 'Japan', countryCode: 'JP', phone: '+81 6 6345 12' },
];
const STREETS = ['Market Street', 'Rua Augusta', 'Congress Avenue', 'Narva mnt', 'Midosuji', 'Harbour Road'];

export const at = <T>(list: T[], i: number): T => list[i % list.length] as T;
const ascii = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();

/** One demo person (Google fields); the Microsoft demo maps the same people to Graph contacts. */
export function demoPerson(i: number, company?: string[]): PersonFieldValues {
  const given = at(FIRST, i);
  const family = at(LAST, i * 7 + 3);
  const city = at(CITIES, i * 3);
  const [org, domain, title, department] = company ?? [];
  const fields: PersonFieldValues = {
    names: [{ givenName: given, familyName: family }],
    emailAddresses: domain
      ? [{ value: `${ascii(given)}.${ascii(family)}@${domain}`, type: 'work' }, ...(i % 4 === 0 ? [{ value: `${ascii(given)}${i}@mail.example`, type: 'home' }] : [])]
      : [{ value: `${ascii(given)}.${ascii(family)}${i}@mail.example`, type: 'home' }],
    phoneNumbers: [{ value: `${city.phone}${String(10 + i).padStart(2, '0')}`, type: domain ? 'work' : 'mobile' }],
    addresses: [
      {
        type: domain ? 'work' : 'home',
        streetAddress: `${10 + i} ${at(STREETS, i)}`,
        city: city.city,
        region: city.region,
        postalCode: city.postalCode,
        country: city.country,
        countryCode: city.countryCode,
      },
    ],
  };
  if (org) fields.organizations = [{ name: org, title, department }];
  if (i % 3 === 0) fields.biographies = [{ value: domain ? `Met at the ${2019 + (i % 6)} trade fair. Prefers calls before noon.` : 'Neighbour; plays in the Sunday football team.', contentType: 'TEXT_PLAIN' }];
  if (i % 4 === 1) fields.birthdays = [{ date: { year: 1965 + ((i * 3) % 35), month: 1 + (i % 12), day: 1 + ((i * 5) % 28) } }];
  if (i % 5 === 2) fields.imClients = [{ username: `${ascii(given)}.${ascii(family)}`, protocol: i % 2 ? 'skype' : 'jabber', type: 'work' }];
  if (i % 9 === 4) fields.addresses?.push({ type: 'postal', poBox: `PO Box ${100 + i}`, city: city.city, postalCode: city.postalCode, country: city.country, countryCode: city.countryCode });
  return fields;
}

/**
 * The `npm start` demo account: 50 contacts, 20 in "Clients", 15 in "Suppliers" (two of them in
 * both) and 17 only in My Contacts, with the fields contact sync maps.
 */
export function seedGoogleDemo(store: GoogleStore, email = DEMO_ACCOUNT): void {
  const book = store.ensure(email);
  const groupOf = (name: string) => {
    const g = book.groups.create(name, new Date(book.clock()).toISOString());
    return g === 'exists' ? (book.groups.resolveMembership(name) as { resourceName: string }).resourceName : g.resourceName;
  };
  const clients = groupOf('Clients');
  const suppliers = groupOf('Suppliers');
  for (let i = 0; i < 50; i++) {
    if (i < 20) book.create(demoPerson(i, at(CLIENTS, i)), [MY_CONTACTS, clients, ...(i % 10 === 0 ? [suppliers] : [])]);
    else if (i < 33) book.create(demoPerson(i, at(SUPPLIERS, i)), [MY_CONTACTS, suppliers]);
    else book.create(demoPerson(i), [MY_CONTACTS]);
  }
}
