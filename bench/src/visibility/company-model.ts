import { VISIBILITIES, type VisibilityOption } from '@contact-sync/contact-model';
import { mulberry32 } from '@contact-sync/testing';

/**
 * The benchmark's company, generated deterministically (same seed, same company): a deep role tree,
 * users spread over its roles, and persons with a mix of owners, visibility options and followers.
 * It also answers who should see what, independently of the service, as a sanity check.
 */

/** Levels of the role tree (level 0 is the single top role): the chain r00-0 → r01-0 → … → r11-0. */
export const ROLE_DEPTH = 12;
/** Roles per level below the top; role i of a level hangs under role ⌊i/2⌋ of the level above. */
export const ROLES_PER_LEVEL = 6;
export const USERS_WITH_ROLE = 330;
export const USERS_WITHOUT_ROLE = 20;
export const ADMIN_USER_ID = 'admin';

export interface RoleSpec {
  roleId: string;
  parentRoleId: string | null;
  level: number;
}

export interface UserSpec {
  userId: string;
  roleId: string | null;
  globalAdmin: boolean;
}

/** A person as the benchmark knows it (the full document is built from it at insert time). */
export interface PersonSpec {
  ownerUserId: string;
  visibility: VisibilityOption;
  followerUserIds: string[];
}

const roleId = (level: number, i: number) => `r${String(level).padStart(2, '0')}-${i}`;

export function buildRoles(): RoleSpec[] {
  const roles: RoleSpec[] = [{ roleId: roleId(0, 0), parentRoleId: null, level: 0 }];
  for (let level = 1; level < ROLE_DEPTH; level++) {
    for (let i = 0; i < ROLES_PER_LEVEL; i++) {
      roles.push({ roleId: roleId(level, i), parentRoleId: level === 1 ? roleId(0, 0) : roleId(level - 1, Math.floor(i / 2)), level });
    }
  }
  return roles;
}

/** Users round-robin over the roles (about 5 per role), some without a role, one global admin. */
export function buildUsers(roles: RoleSpec[]): UserSpec[] {
  const users: UserSpec[] = [];
  for (let k = 0; k < USERS_WITH_ROLE; k++) users.push({ userId: `u${String(k).padStart(4, '0')}`, roleId: roles[k % roles.length].roleId, globalAdmin: false });
  for (let k = 0; k < USERS_WITHOUT_ROLE; k++) users.push({ userId: `n${String(k).padStart(4, '0')}`, roleId: null, globalAdmin: false });
  users.push({ userId: ADMIN_USER_ID, roleId: null, globalAdmin: true });
  return users;
}

/** The deepest role of the chain, one near the top (level 1 of the chain). */
export const DEEP_ROLE = roleId(ROLE_DEPTH - 1, 0);
export const TOP_ROLE = roleId(1, 0);

/**
 * Persons: owners uniformly over the non-admin users, each visibility option 20%, 10% of persons
 * followed by 1-3 users. (owner_and_followers is a basic-plan option; the enterprise company keeps
 * such persons from an earlier plan, and they exercise the followers branch.)
 */
export function* generatePersons(count: number, users: UserSpec[], seed = 4): Generator<PersonSpec> {
  // Seeded, so every run builds the same company.
  const random = mulberry32(seed);
  const owners = users.filter((u) => !u.globalAdmin);
  const pick = () => owners[Math.floor(random() * owners.length)].userId;
  for (let n = 0; n < count; n++) {
    const followerUserIds: string[] = [];
    if (random() < 0.1) {
      const howMany = 1 + Math.floor(random() * 3);
      while (followerUserIds.length < howMany) {
        const f = pick();
        if (!followerUserIds.includes(f)) followerUserIds.push(f);
      }
    }
    yield { ownerUserId: pick(), visibility: VISIBILITIES[Math.floor(random() * VISIBILITIES.length)], followerUserIds };
  }
}

/** Role relations of a reader, computed from the model (what the service resolves from its directory). */
export function relations(user: UserSpec, roles: RoleSpec[], users: UserSpec[]): { sameRoleOwners: Set<string>; roleOrAboveOwners: Set<string> } {
  if (!user.roleId || user.globalAdmin) return { sameRoleOwners: new Set(), roleOrAboveOwners: new Set() };
  const parentOf = new Map(roles.map((r) => [r.roleId, r.parentRoleId]));
  const chain = new Set<string>();
  for (let r: string | null | undefined = user.roleId; r; r = parentOf.get(r)) chain.add(r);
  return {
    sameRoleOwners: new Set(users.filter((u) => u.roleId === user.roleId).map((u) => u.userId)),
    roleOrAboveOwners: new Set(users.filter((u) => u.roleId !== null && chain.has(u.roleId)).map((u) => u.userId)),
  };
}

/** Whether the rules (docs/visibility.md) let this reader see this person. */
export function sees(reader: UserSpec, rel: ReturnType<typeof relations>, p: PersonSpec): boolean {
  if (reader.globalAdmin || p.ownerUserId === reader.userId) return true;
  switch (p.visibility) {
    case 'entire_company':
      return true;
    case 'owner_and_followers':
      return p.followerUserIds.includes(reader.userId);
    case 'owner_role':
      return rel.sameRoleOwners.has(p.ownerUserId);
    case 'owner_role_and_below':
      return rel.roleOrAboveOwners.has(p.ownerUserId);
    default:
      return false;
  }
}
