import type { GoogleAddressBook } from '../address-book/google-address-book';
import { renderPerson } from '../person/person-renderer';
import { invalidArgument, notFound, rpcStatus } from './google-api-error';
import { contactResourceName, requiredPersonFields } from './person-masks';
import { renderProfile } from './profile';
import { all } from './query-params';

export const BATCH_GET_LIMIT = 200;

/**
 * people.getBatchGet: `resourceNames` (repeated, 1–200) and `personFields` (required). Each name
 * gets a PersonResponse in request order; an unknown or deleted contact is
 * `{httpStatusCode: 404, requestedResourceName, status: {code: 5, message}}` rather than failing the
 * call (per-entry shape of the reference; the 404 values are unconfirmed). Reads the book as it is
 * now: the write propagation delay applies to sync results only.
 */
export function getBatchGet(book: GoogleAddressBook, query: Record<string, unknown>, origin: string): { responses: Record<string, unknown>[] } {
  const names = all(query.resourceNames);
  if (names.length === 0) throw invalidArgument('resource_names must not be empty.');
  if (names.length > BATCH_GET_LIMIT) throw invalidArgument(`Too many resource_names: at most ${BATCH_GET_LIMIT} are allowed in a single request, got ${names.length}.`);
  const fields = requiredPersonFields(query);
  const missing = rpcStatus(notFound());
  return {
    responses: names.map((name) => {
      if (name === 'people/me') return { httpStatusCode: 200, person: renderProfile(book, fields), requestedResourceName: name, status: {} };
      const person = book.get(contactResourceName(name));
      return person
        ? { httpStatusCode: 200, person: renderPerson(person, fields, origin), requestedResourceName: name, status: {} }
        : { httpStatusCode: 404, requestedResourceName: name, status: missing };
    }),
  };
}
