/**
 * `personFields` mask paths of the People API (people.connections.list reference). The emulator
 * stores every one of them; those in SUPPORTED_FIELDS are validated and given computed values.
 */
export const PERSON_FIELDS = [
  'addresses', 'ageRanges', 'biographies', 'birthdays', 'calendarUrls', 'clientData', 'coverPhotos', 'emailAddresses',
  'events', 'externalIds', 'genders', 'imClients', 'interests', 'locales', 'locations', 'memberships', 'metadata',
  'miscKeywords', 'names', 'nicknames', 'occupations', 'organizations', 'phoneNumbers', 'photos', 'relations',
  'sipAddresses', 'skills', 'urls', 'userDefined',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

const FIELD_SET: ReadonlySet<string> = new Set(PERSON_FIELDS);
export const isPersonField = (path: string): path is PersonField => FIELD_SET.has(path);

/** Derived by the emulator: memberships come from `groups`, metadata from the change log. */
export const DERIVED_FIELDS: ReadonlySet<PersonField> = new Set(['memberships', 'metadata']);

export type WritableField = Exclude<PersonField, 'memberships' | 'metadata'>;
/** Fields a seed or an edit may set. */
export const WRITABLE_FIELDS: readonly WritableField[] = PERSON_FIELDS.filter((f): f is WritableField => !DERIVED_FIELDS.has(f));

/** "This field is a singleton for contact sources" in the Person reference. */
export const SINGLETON_FIELDS: ReadonlySet<PersonField> = new Set(['names', 'biographies', 'birthdays', 'genders']);

/** One stored value of a list field: a JSON object as the API returns it. */
export type FieldValue = Record<string, unknown>;
export type PersonFieldValues = Partial<Record<WritableField, FieldValue[]>>;
