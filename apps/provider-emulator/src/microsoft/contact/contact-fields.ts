/**
 * The Graph `contact` properties the emulator stores (reference:
 * learn.microsoft.com/graph/api/resources/contact, v1.0). Grouped by shape, because validation,
 * defaults and rendering follow the shape: strings are null when unset, collections [], addresses {}.
 */
export const STRING_FIELDS = [
  'displayName',
  'givenName',
  'middleName',
  'surname',
  'title',
  'generation',
  'nickName',
  'initials',
  'fileAs',
  'mobilePhone',
  'companyName',
  'department',
  'jobTitle',
  'profession',
  'officeLocation',
  'manager',
  'assistantName',
  'spouseName',
  'businessHomePage',
  'personalNotes',
  'yomiGivenName',
  'yomiSurname',
  'yomiCompanyName',
] as const;

export const STRING_LIST_FIELDS = ['businessPhones', 'homePhones', 'imAddresses', 'categories', 'children'] as const;

export const ADDRESS_FIELDS = ['homeAddress', 'businessAddress', 'otherAddress'] as const;

export const ADDRESS_PARTS = ['street', 'city', 'state', 'countryOrRegion', 'postalCode'] as const;

/** Set by the server on every write: an admin body may not give them. */
export const SERVER_FIELDS = ['id', '@odata.etag', '@odata.type', 'changeKey', 'createdDateTime', 'lastModifiedDateTime', 'parentFolderId'] as const;

export type StringField = (typeof STRING_FIELDS)[number];
export type StringListField = (typeof STRING_LIST_FIELDS)[number];
export type AddressField = (typeof ADDRESS_FIELDS)[number];
export type PhysicalAddress = Partial<Record<(typeof ADDRESS_PARTS)[number], string | null>>;
export interface EmailAddress {
  name?: string | null;
  address?: string | null;
}

/** The client-writable part of a contact, as stored. */
export type ContactFields = Partial<Record<StringField, string | null>> &
  Partial<Record<StringListField, string[]>> &
  Partial<Record<AddressField, PhysicalAddress>> & {
    emailAddresses?: EmailAddress[];
    /** ISO DateTimeOffset, e.g. "1984-07-09T00:00:00Z". */
    birthday?: string | null;
  };

export type ContactField = keyof ContactFields;

export const WRITABLE_FIELDS: readonly string[] = [...STRING_FIELDS, ...STRING_LIST_FIELDS, ...ADDRESS_FIELDS, 'emailAddresses', 'birthday'];

/** Every property a rendered contact has, in Graph's order; `$select` names are checked against it. */
export const ALL_CONTACT_PROPERTIES: readonly string[] = [
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'parentFolderId',
  'birthday',
  'fileAs',
  'displayName',
  'givenName',
  'initials',
  'middleName',
  'nickName',
  'surname',
  'title',
  'yomiGivenName',
  'yomiSurname',
  'yomiCompanyName',
  'generation',
  'imAddresses',
  'jobTitle',
  'companyName',
  'department',
  'officeLocation',
  'profession',
  'businessHomePage',
  'assistantName',
  'manager',
  'homePhones',
  'mobilePhone',
  'businessPhones',
  'spouseName',
  'personalNotes',
  'children',
  'emailAddresses',
  'homeAddress',
  'businessAddress',
  'otherAddress',
];
