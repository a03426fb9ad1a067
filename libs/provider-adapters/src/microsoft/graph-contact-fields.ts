/** The Graph `contact` properties this adapter reads and writes (v1.0 resource type `contact`). */

export interface GraphEmailAddress {
  name?: string | null;
  address?: string | null;
}

export interface GraphPhysicalAddress {
  street?: string | null;
  city?: string | null;
  state?: string | null;
  countryOrRegion?: string | null;
  postalCode?: string | null;
}

/** A contact as Graph returns it (only the properties we select, plus delta and OData annotations). */
export interface GraphContact {
  id?: string;
  '@odata.etag'?: string;
  /** Delta rows for contacts deleted from, or moved out of, the tracked folder. */
  '@removed'?: { reason?: string };
  changeKey?: string | null;
  lastModifiedDateTime?: string | null;
  parentFolderId?: string | null;
  displayName?: string | null;
  givenName?: string | null;
  middleName?: string | null;
  surname?: string | null;
  title?: string | null;
  generation?: string | null;
  emailAddresses?: GraphEmailAddress[] | null;
  businessPhones?: string[] | null;
  homePhones?: string[] | null;
  mobilePhone?: string | null;
  businessAddress?: GraphPhysicalAddress | null;
  homeAddress?: GraphPhysicalAddress | null;
  otherAddress?: GraphPhysicalAddress | null;
  imAddresses?: string[] | null;
  companyName?: string | null;
  department?: string | null;
  jobTitle?: string | null;
  /** DateTimeOffset; only the calendar date is meant. */
  birthday?: string | null;
  /** Never selected, never mapped, never written (Microsoft notes are private to the user). */
  personalNotes?: string | null;
}

/** The body of a contact create/PATCH: every synced field that can go back to Graph. */
export type GraphContactWrite = Pick<
  GraphContact,
  | 'displayName'
  | 'givenName'
  | 'middleName'
  | 'surname'
  | 'title'
  | 'generation'
  | 'emailAddresses'
  | 'businessPhones'
  | 'homePhones'
  | 'mobilePhone'
  | 'businessAddress'
  | 'homeAddress'
  | 'otherAddress'
  | 'imAddresses'
  | 'companyName'
  | 'department'
  | 'jobTitle'
  | 'birthday'
>;

export interface GraphContactFolder {
  id?: string;
  displayName?: string | null;
  parentFolderId?: string | null;
  /** beta (and the emulator): `contacts` for the default Contacts folder. */
  wellKnownName?: string | null;
}

/**
 * `$select` of a contact pull: exactly the mapped fields plus change metadata. `personalNotes` is
 * deliberately absent: Microsoft notes never leave Microsoft.
 */
export const GRAPH_CONTACT_SELECT = [
  'id',
  'changeKey',
  'lastModifiedDateTime',
  'parentFolderId',
  'displayName',
  'givenName',
  'middleName',
  'surname',
  'title',
  'generation',
  'emailAddresses',
  'businessPhones',
  'homePhones',
  'mobilePhone',
  'businessAddress',
  'homeAddress',
  'otherAddress',
  'imAddresses',
  'companyName',
  'department',
  'jobTitle',
  'birthday',
].join(',');

/**
 * Page size asked for with `Prefer: odata.maxpagesize` on every delta request. The contact delta
 * reference documents the header without a maximum; Outlook's collections page at most 1000 items
 * (`$top` 1–1000) and the service may always return fewer, so this is a ceiling, not a promise.
 * Without the header Outlook delta pages hold 10 items, and the preference is not carried inside
 * nextLink/deltaLink tokens, so it is sent with each request.
 */
export const GRAPH_MAX_PAGE_SIZE = 1000;
