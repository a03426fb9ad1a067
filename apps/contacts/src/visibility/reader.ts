/**
 * A user reading or changing persons, resolved from the directory at request time (never cached:
 * a role move, a role change or a new follower shows on the very next read).
 */
export interface Reader {
  companyId: string;
  userId: string;
  globalAdmin: boolean;
  /** Users holding the reader's role: owners whose `owner_role` persons the reader sees. */
  sameRoleOwners: string[];
  /** Users holding the reader's role or any role above it: owners whose `owner_role_and_below` persons the reader sees. */
  roleOrAboveOwners: string[];
}
