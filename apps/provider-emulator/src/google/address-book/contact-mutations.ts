import { parseApiPerson, UPDATABLE_FIELDS } from '../person/person-api-input';
import type { PersonField, WritableField } from '../person/person-fields';
import type { FieldPatch, PersonRecord } from '../person/person-record';
import { MY_CONTACTS } from './contact-group-set';
import type { ChangeBy } from '../../core/change-origin';
import type { GoogleAddressBook } from './google-address-book';

/** Why a People API write is refused; the controller turns it into Google's error shape. */
export type MutationRefusal =
  | { kind: 'invalid'; message: string }
  | { kind: 'not_found' }
  | { kind: 'stale_etag' };

/** A checked write not yet applied: the batch methods check every contact before changing any. */
export type Prepared<T> = { ok: true; apply: (change: ChangeBy) => T } | { ok: false; refusal: MutationRefusal };

type Result<T> = { ok: true; value: T } | { ok: false; refusal: MutationRefusal };

const UPDATE_DOCS = 'Valid paths are documented at https://developers.google.com/people/api/rest/v1/people/updateContact.';
const invalid = (message: string): { ok: false; refusal: MutationRefusal } => ({ ok: false, refusal: { kind: 'invalid', message } });
const NOT_FOUND = { ok: false, refusal: { kind: 'not_found' } } as const;

/**
 * people.createContact: a new contact in My Contacts plus the groups its memberships name
 * (whether Google adds My Contacts when a user group is given is unconfirmed; it does here).
 */
export function prepareCreate(book: GoogleAddressBook, body: unknown): Prepared<PersonRecord> {
  const parsed = parseApiPerson(body);
  if (!parsed.ok) return invalid(parsed.errors.join('\n'));
  const groups = resolveGroups(book, parsed.value.memberships ?? []);
  if (!groups.ok) return invalid(groups.message);
  const fields = Object.fromEntries(Object.entries(parsed.value.fields).filter(([, v]) => v !== null)) as FieldPatch;
  return { ok: true, apply: (change) => book.create(fields, [MY_CONTACTS, ...groups.names], {}, change) };
}

/**
 * people.updateContact: the fields named by the mask are replaced by the body's (a named field
 * absent from the body is cleared), after the etag check.
 */
export function prepareUpdate(book: GoogleAddressBook, resourceName: string, paths: ReadonlySet<PersonField>, body: unknown): Prepared<PersonRecord> {
  const parsed = parseApiPerson(body);
  if (!parsed.ok) return invalid(parsed.errors.join('\n'));
  const current = book.get(resourceName);
  if (!current) return NOT_FOUND;
  const { etag, fields, memberships } = parsed.value;
  if (!etag) return invalid('Request must set person.etag or person.metadata.sources.etag for the source that is being updated.');
  if (etag !== current.etag && etag !== current.sourceEtag) return { ok: false, refusal: { kind: 'stale_etag' } };

  const patch: FieldPatch = {};
  for (const path of paths) if (path !== 'memberships') patch[path as WritableField] = fields[path as WritableField] ?? null;
  let groups: string[] | undefined;
  if (paths.has('memberships')) {
    const resolved = resolveGroups(book, memberships ?? []);
    if (!resolved.ok) return invalid(resolved.message);
    if (resolved.names.length === 0 && !(memberships ?? []).includes(MY_CONTACTS)) {
      return invalid('Person must have at least one contact group membership.');
    }
    groups = [...new Set([...(memberships ?? []).filter((m) => m === MY_CONTACTS), ...resolved.names])];
  }
  return { ok: true, apply: (change) => book.update(resourceName, patch, groups, {}, change) as PersonRecord };
}

/** people.deleteContact: leaves a tombstone for incremental syncs. */
export function prepareDelete(book: GoogleAddressBook, resourceName: string): Prepared<void> {
  if (!book.get(resourceName)) return NOT_FOUND;
  return { ok: true, apply: (change) => void book.delete(resourceName, change) };
}

/** Checks every write of a batch; applies them all (in order) only when none is refused. */
export function prepareAll<K, T>(items: [K, Prepared<T>][]): { ok: true; apply: (change: ChangeBy) => [K, T][] } | { ok: false; refusals: [K, MutationRefusal][] } {
  const refusals: [K, MutationRefusal][] = [];
  for (const [key, p] of items) if (!p.ok) refusals.push([key, p.refusal]);
  if (refusals.length) return { ok: false, refusals };
  const ready = items as [K, { ok: true; apply: (change: ChangeBy) => T }][];
  return { ok: true, apply: (change) => ready.map(([key, p]) => [key, p.apply(change)]) };
}

const run = <T>(prepared: Prepared<T>, change: ChangeBy): Result<T> => (prepared.ok ? { ok: true, value: prepared.apply(change) } : prepared);

export const createContact = (book: GoogleAddressBook, body: unknown, change: ChangeBy) => run(prepareCreate(book, body), change);

export function updateContact(book: GoogleAddressBook, resourceName: string, mask: string | undefined, body: unknown, change: ChangeBy): Result<PersonRecord> {
  const paths = parseUpdateMask(mask, 'updatePersonFields');
  return paths.ok ? run(prepareUpdate(book, resourceName, paths.fields, body), change) : invalid(paths.message);
}

export const deleteContact = (book: GoogleAddressBook, resourceName: string, change: ChangeBy) => run(prepareDelete(book, resourceName), change);

/** `updatePersonFields` (updateContact) or `updateMask` (batchUpdateContacts): the fields to replace. */
export function parseUpdateMask(mask: string | undefined, name: string): { ok: true; fields: Set<PersonField> } | { ok: false; message: string } {
  const paths = (mask ?? '').split(',').map((p) => p.trim().replace(/^person\./, '')).filter(Boolean);
  if (paths.length === 0) return { ok: false, message: `${name} mask is required. Please specify one or more valid paths. ${UPDATE_DOCS}` };
  const bad = paths.find((p) => !UPDATABLE_FIELDS.has(p as PersonField));
  if (bad) return { ok: false, message: `Invalid ${name} mask path: "${bad}". ${UPDATE_DOCS}` };
  return { ok: true, fields: new Set(paths as PersonField[]) };
}

/** Group resource names of memberships, My Contacts apart (it is implied). */
function resolveGroups(book: GoogleAddressBook, memberships: string[]): { ok: true; names: string[] } | { ok: false; message: string } {
  const names: string[] = [];
  for (const ref of memberships) {
    if (ref === MY_CONTACTS) continue;
    if (!ref.startsWith('contactGroups/')) return { ok: false, message: `Invalid contact group resource name: "${ref}".` };
    const r = book.groups.resolveMembership(ref);
    if (!r.ok) return { ok: false, message: `Contact group "${ref}" not found or cannot take members.` };
    names.push(r.resourceName);
  }
  return { ok: true, names };
}
