import type { FilterQuery } from 'mongoose';
import { VISIBILITIES } from '@contact-sync/contact-model';
import type { Person } from '../persons/person.schema';
import type { Reader } from './reader';

/**
 * The persons a reader may see, as independent `$or` branches evaluated by the database. Each
 * branch names companyId and deletedAt itself and pins `visibility`, so each is served by one of
 * the person indexes (person.schema.ts) with `_id` order intact; callers add the same extra
 * conditions (cursor, search, id) to every branch.
 *
 * - the owner always sees their persons, whatever the visibility
 * - entire_company: every user of the company
 * - owner_and_followers: the owner's followers of that person
 * - owner_role: users holding the owner's role
 * - owner_role_and_below: users holding the owner's role or a role beneath it, i.e. readers for
 *   whom the owner's role is their own or above theirs
 * - a global admin sees every person of the company; nobody sees another company's persons
 */
export function visibilityBranches(reader: Reader): FilterQuery<Person>[] {
  const live = { companyId: reader.companyId, deletedAt: null };
  const all = { $in: [...VISIBILITIES] };
  if (reader.globalAdmin) return [{ ...live, visibility: all }];
  const branches: FilterQuery<Person>[] = [
    { ...live, visibility: all, ownerUserId: reader.userId },
    { ...live, visibility: 'entire_company' },
    { ...live, visibility: 'owner_and_followers', followerUserIds: reader.userId },
  ];
  if (reader.sameRoleOwners.length > 0) branches.push({ ...live, visibility: 'owner_role', ownerUserId: { $in: reader.sameRoleOwners } });
  if (reader.roleOrAboveOwners.length > 0) branches.push({ ...live, visibility: 'owner_role_and_below', ownerUserId: { $in: reader.roleOrAboveOwners } });
  return branches;
}

/** The visibility branches with the same extra conditions in each: `{ $or: [...] }`. */
export function visibleWhere(reader: Reader, extra: FilterQuery<Person> = {}): FilterQuery<Person> {
  return { $or: visibilityBranches(reader).map((branch) => ({ ...branch, ...extra })) };
}
