import type { ChangeBy } from '../../core/change-origin';
import type { MutationRefusal } from './contact-mutations';
import type { GoogleAddressBook } from './google-address-book';

export interface MembersModified {
  notFoundResourceNames: string[];
  canNotRemoveLastContactGroupResourceNames: string[];
}

/**
 * contactGroups.members.modify: adds first, then removes. Any group can lose members, only user
 * groups, myContacts and starred take new ones (reference). A removal that would leave a contact in
 * no group at all is skipped and reported (which memberships count as "the last" is unconfirmed:
 * here every group, starred included). Each contact whose groups change is one modification: new
 * etag and update time, seen by the next sync.
 */
export function modifyMembers(
  book: GoogleAddressBook,
  groupName: string,
  add: string[],
  remove: string[],
  change: ChangeBy,
): { ok: true; value: MembersModified } | { ok: false; refusal: MutationRefusal } {
  if (!book.groups.get(groupName)) return { ok: false, refusal: { kind: 'not_found' } };
  if (add.length && !book.groups.resolveMembership(groupName).ok) {
    return { ok: false, refusal: { kind: 'invalid', message: `Cannot add contacts to ${groupName}: only user contact groups, contactGroups/myContacts and contactGroups/starred take new members.` } };
  }
  const notFound = new Set<string>();
  const lastGroup = new Set<string>();
  const next = new Map<string, string[]>();
  const groupsOf = (resourceName: string): string[] | undefined => {
    const person = book.get(resourceName);
    if (!person) {
      notFound.add(resourceName);
      return undefined;
    }
    return next.get(resourceName) ?? person.groups;
  };
  for (const rn of add) {
    const groups = groupsOf(rn);
    if (groups && !groups.includes(groupName)) next.set(rn, [...groups, groupName]);
  }
  for (const rn of remove) {
    const groups = groupsOf(rn);
    if (!groups?.includes(groupName)) continue;
    if (groups.length === 1) lastGroup.add(rn);
    else next.set(rn, groups.filter((g) => g !== groupName));
  }
  for (const [rn, groups] of next) book.update(rn, {}, groups, {}, change);
  return { ok: true, value: { notFoundResourceNames: [...notFound], canNotRemoveLastContactGroupResourceNames: [...lastGroup] } };
}
