/** Everything ingest maps, plus memberships (group scope) and metadata (deletions, updateTime). */
export const GOOGLE_PERSON_FIELDS = [
  'names',
  'emailAddresses',
  'phoneNumbers',
  'addresses',
  'imClients',
  'organizations',
  'biographies',
  'birthdays',
  'photos',
  'memberships',
  'metadata',
].join(',');

/** The API's maximum page size: fewer round trips on a full pull. */
export const GOOGLE_MAX_PAGE_SIZE = 1000;
