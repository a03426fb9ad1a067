import { MY_CONTACTS } from '../google/address-book/contact-group-set';
import type { GoogleAddressBook } from '../google/address-book/google-address-book';
import { parsePersonInput, type PersonInput } from '../google/person/person-input';

export interface ResolvedPersonInput {
  fields: PersonInput['fields'];
  /** New memberships; undefined leaves them as they are (an edit without `groups`). */
  groups?: string[];
  photo?: PersonInput['photo'];
  omitEtag?: boolean;
}

/**
 * Validates an admin person body and turns its `groups` (names, ids or resource names) into
 * memberships. My Contacts is implied unless `inMyContacts: false`.
 */
export function resolvePersonInput(book: GoogleAddressBook, body: unknown, where: string, current?: string[]): { ok: true; value: ResolvedPersonInput } | { ok: false; errors: string[] } {
  const parsed = parsePersonInput(body, where);
  if (!parsed.ok) return parsed;
  const { fields, groups, inMyContacts, photo, omitEtag } = parsed.value;
  if (groups === undefined && inMyContacts === undefined) return { ok: true, value: { fields, groups: current ? undefined : [MY_CONTACTS], photo, omitEtag } };

  const errors: string[] = [];
  const named = groups === undefined ? (current ?? []) : groups.flatMap((ref) => {
    const r = book.groups.resolveMembership(ref);
    if (!r.ok) errors.push(`${where}.groups: ${r.reason} in ${book.email}`);
    return r.ok ? [r.resourceName] : [];
  });
  if (errors.length) return { ok: false, errors };
  const inMy = inMyContacts ?? (named.includes(MY_CONTACTS) || (current ? current.includes(MY_CONTACTS) : true));
  const others = named.filter((g) => g !== MY_CONTACTS);
  return { ok: true, value: { fields, groups: inMy ? [MY_CONTACTS, ...others] : others, photo, omitEtag } };
}
