/** Realistic Google persons for benchmarks: every synced field, a few companies shared by many. */
export function benchPerson(i: number, groups: string[]): Record<string, unknown> {
  return {
    groups,
    names: [{ givenName: `Given${i}`, familyName: `Family${i % 997}`, displayName: `Given${i} Family${i % 997}` }],
    emailAddresses: [
      { value: `person${i}@work${i % 50}.example`, type: 'work' },
      { value: `person${i}@home.example`, type: 'home' },
    ],
    phoneNumbers: [{ value: `+1 555 ${String(i).padStart(7, '0')}`, type: 'mobile' }],
    addresses: [{ type: 'work', streetAddress: `${i} Main St`, city: 'Springfield', postalCode: String(10000 + (i % 90000)), country: 'US' }],
    imClients: [{ username: `im${i}`, protocol: 'skype' }],
    organizations: [{ name: `Company ${i % 200}`, title: 'Engineer' }],
    biographies: [{ value: `Notes about person ${i}.` }],
    birthdays: [{ date: { year: 1980 + (i % 30), month: 1 + (i % 12), day: 1 + (i % 28) } }],
  };
}
