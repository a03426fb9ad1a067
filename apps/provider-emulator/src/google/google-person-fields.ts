/** Person fields the emulator stores and returns (People API `personFields` mask paths). */
export const PERSON_FIELDS = [
  'addresses', 'ageRanges', 'biographies', 'birthdays', 'calendarUrls', 'clientData', 'coverPhotos', 'emailAddresses',
  'events', 'externalIds', 'genders', 'imClients', 'interests', 'locales', 'locations', 'memberships', 'metadata',
  'miscKeywords', 'names', 'nicknames', 'occupations', 'organizations', 'phoneNumbers', 'photos', 'relations',
  'sipAddresses', 'skills', 'urls', 'userDefined',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

/** Fields a seed or edit may set directly (memberships and metadata are derived). */
export const WRITABLE_FIELDS = PERSON_FIELDS.filter((f) => f !== 'memberships' && f !== 'metadata');

export const SYSTEM_GROUPS: Record<string, string> = {
  myContacts: 'My Contacts',
  starred: 'Starred',
  friends: 'Friends',
  family: 'Family',
  coworkers: 'Coworkers',
  chatBuddies: 'Chat contacts',
};
