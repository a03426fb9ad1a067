import type { GoogleAddressBook } from '../address-book/google-address-book';
import type { PersonField } from '../person/person-fields';

/** The signed-in user's own profile (`people/me`): enough for a client to learn the account's address. */
export function renderProfile(book: GoogleAddressBook, fields: ReadonlySet<PersonField>): Record<string, unknown> {
  const source = { type: 'PROFILE', id: book.profileId };
  const local = book.email.split('@')[0] ?? book.email;
  const values: Partial<Record<PersonField, unknown>> = {
    metadata: { sources: [source], objectType: 'PERSON' },
    names: [{ metadata: { primary: true, source }, displayName: local, givenName: local, unstructuredName: local }],
    emailAddresses: [{ metadata: { primary: true, verified: true, source: { type: 'ACCOUNT', id: book.profileId } }, value: book.email }],
  };
  const out: Record<string, unknown> = { resourceName: `people/${book.profileId}`, etag: `%E${book.profileId}` };
  for (const f of fields) if (values[f]) out[f] = values[f];
  return out;
}
