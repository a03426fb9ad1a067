import type { GoogleStore } from './google/google-store';

const FIRST = ['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Frances', 'Edsger'];
const LAST = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Allen', 'Dijkstra'];
const COMPANIES = ['Analytical Engines', 'Bletchley Park', 'US Navy', 'Kernel Labs', 'Apollo Guidance'];

const pick = (values: string[], i: number): string => values[i % values.length] ?? '';

/** npm start's demo account: ~50 contacts in "Clients", "Suppliers" and only My Contacts. */
export function seedDemo(store: GoogleStore, email = 'demo@example.com'): void {
  const book = store.book(email);
  const clients = book.createGroup('Clients').resourceName;
  const suppliers = book.createGroup('Suppliers').resourceName;
  for (let i = 0; i < 50; i++) {
    const given = pick(FIRST, i);
    const family = pick(LAST, i * 3);
    const company = pick(COMPANIES, i);
    const groups = ['contactGroups/myContacts', ...(i % 3 === 0 ? [clients] : i % 3 === 1 ? [suppliers] : [])];
    book.create(
      {
        names: [{ givenName: given, familyName: family, displayName: `${given} ${family}` }],
        emailAddresses: [{ value: `${given}.${family}.${i}@example.com`.toLowerCase(), type: 'work' }],
        phoneNumbers: [{ value: `+1 555 01${String(i).padStart(2, '0')}`, type: 'mobile' }],
        organizations: [{ name: company, title: i % 2 ? 'Engineer' : 'Director' }],
        addresses: [{ type: 'work', streetAddress: `${i + 1} Market St`, city: 'San Francisco', postalCode: '94105', country: 'United States', countryCode: 'US' }],
        biographies: [{ value: `Met at the ${2000 + i} conference.` }],
        birthdays: [{ date: { year: 1950 + i, month: 1 + (i % 12), day: 1 + (i % 28) } }],
      },
      groups,
    );
  }
}
