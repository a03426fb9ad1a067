import type { ChangeBy } from '../../core/change-origin';
import { parseUpdateMask, prepareAll, prepareCreate, prepareDelete, prepareUpdate, type MutationRefusal, type Prepared } from '../address-book/contact-mutations';
import type { GoogleAddressBook } from '../address-book/google-address-book';
import { isObject } from '../person/person-input';
import type { PersonField } from '../person/person-fields';
import type { PersonRecord } from '../person/person-record';
import { renderPerson } from '../person/person-renderer';
import { batchRefused, invalidArgument } from './google-api-error';
import { batchReadMask, contactResourceName } from './person-masks';
import { refusalError } from './refusal-error';

/** Per-call limits of the batch methods (their references). */
export const BATCH_LIMITS = { create: 200, update: 200, delete: 500 } as const;

/**
 * A PersonResponse of a batch write. The reference documents `person`, `requestedResourceName` and
 * `status` (`httpStatusCode` deprecated); whether a success carries `httpStatusCode: 200` and an
 * empty `status` is unconfirmed: clients should read `person`.
 */
const personResponse = (p: PersonRecord, mask: ReadonlySet<PersonField>, origin: string, requestedResourceName?: string) => ({
  httpStatusCode: 200,
  person: renderPerson(p, mask, origin),
  ...(requestedResourceName ? { requestedResourceName } : {}),
  status: {},
});

function sizeChecked<T>(items: T[], name: string, max: number): T[] {
  if (items.length === 0) throw invalidArgument(`${name} must not be empty.`);
  if (items.length > max) throw invalidArgument(`Too many ${name}: at most ${max} are allowed in a single request, got ${items.length}.`);
  return items;
}

const bodyOf = (body: unknown): Record<string, unknown> => {
  if (!isObject(body)) throw invalidArgument('Invalid JSON payload received: the request body must be a JSON object.');
  return body;
};

const refusedItem = (message: string): Prepared<never> => ({ ok: false, refusal: { kind: 'invalid', message } });

/**
 * people.batchCreateContacts: `{contacts: [{contactPerson}], readMask}`, at most 200. Every contact
 * is checked first; one invalid contact refuses the call (nothing created) with
 * BatchCreateContactsErrorDetails keyed by index. Answer `{createdPeople: [PersonResponse]}` in
 * request order, or `{}` when readMask is empty.
 */
export function batchCreateContacts(book: GoogleAddressBook, raw: unknown, change: ChangeBy, origin: string): Record<string, unknown> {
  const body = bodyOf(raw);
  const contacts = sizeChecked(Array.isArray(body.contacts) ? body.contacts : [], 'contacts', BATCH_LIMITS.create);
  const mask = batchReadMask(body.readMask);
  const prepared = prepareAll(
    contacts.map((c, i): [string, Prepared<PersonRecord>] => [
      String(i),
      isObject(c) && isObject(c.contactPerson) ? prepareCreate(book, c.contactPerson) : refusedItem(`contacts[${i}].contactPerson: required (a Person)`),
    ]),
  );
  if (!prepared.ok) throw refusedBatch('Create', prepared.refusals);
  const created = prepared.apply(change).map(([, p]) => p);
  return mask ? { createdPeople: created.map((p) => personResponse(p, mask, origin)) } : {};
}

/**
 * people.batchUpdateContacts: `{contacts: {resourceName: Person}, updateMask, readMask}`, at most
 * 200. Each person is checked as updateContact checks it (etag included) before any is changed; a
 * stale etag refuses the whole call with 400 FAILED_PRECONDITION (whether Google fails the whole
 * batch is unconfirmed), with BatchUpdateContactsErrorDetails keyed by resource name. Answer
 * `{updateResult: {resourceName: PersonResponse}}`, or `{}` when readMask is empty.
 */
export function batchUpdateContacts(book: GoogleAddressBook, raw: unknown, change: ChangeBy, origin: string): Record<string, unknown> {
  const body = bodyOf(raw);
  const entries = sizeChecked(isObject(body.contacts) ? Object.entries(body.contacts) : [], 'contacts', BATCH_LIMITS.update);
  const paths = parseUpdateMask(typeof body.updateMask === 'string' ? body.updateMask : undefined, 'updateMask');
  if (!paths.ok) throw invalidArgument(paths.message);
  const mask = batchReadMask(body.readMask);
  const prepared = prepareAll(
    entries.map(([rn, person]): [string, Prepared<PersonRecord>] => [
      rn,
      /^people\/c\d+$/.test(rn) ? prepareUpdate(book, rn, paths.fields, person) : refusedItem(`Resource name "${rn}" is not valid.`),
    ]),
  );
  if (!prepared.ok) throw refusedBatch('Update', prepared.refusals);
  const updated = prepared.apply(change);
  return mask ? { updateResult: Object.fromEntries(updated.map(([rn, p]) => [rn, personResponse(p, mask, origin, rn)])) } : {};
}

/**
 * people.batchDeleteContacts: `{resourceNames: []}`, at most 500; answer `{}`. An unknown or
 * already deleted contact refuses the whole call with 404 and deletes nothing (unconfirmed).
 */
export function batchDeleteContacts(book: GoogleAddressBook, raw: unknown, change: ChangeBy): Record<string, never> {
  const body = bodyOf(raw);
  const names = sizeChecked(Array.isArray(body.resourceNames) ? body.resourceNames : [], 'resourceNames', BATCH_LIMITS.delete).map(contactResourceName);
  const prepared = prepareAll([...new Set(names)].map((rn): [string, Prepared<void>] => [rn, prepareDelete(book, rn)]));
  if (!prepared.ok) throw refusalError((prepared.refusals[0] as [string, MutationRefusal])[1]);
  prepared.apply(change);
  return {};
}

const refusedBatch = (kind: 'Create' | 'Update', refusals: [string, MutationRefusal][]) => batchRefused(kind, refusals.map(([key, r]) => [key, refusalError(r)]));
