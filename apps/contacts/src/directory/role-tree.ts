/** A company's role hierarchy as parent pointers, walked in memory (trees are small). */
export class RoleTree {
  private readonly parentOf: Map<string, string | null>;

  constructor(roles: Iterable<{ roleId: string; parentRoleId: string | null }>) {
    this.parentOf = new Map([...roles].map((r) => [r.roleId, r.parentRoleId]));
  }

  has(roleId: string): boolean {
    return this.parentOf.has(roleId);
  }

  /** The role and every role above it, nearest first. Stops at a repeated role, so a cycle cannot hang a read. */
  ancestorsOrSelf(roleId: string): string[] {
    const chain: string[] = [];
    const seen = new Set<string>();
    let current: string | null | undefined = roleId;
    while (current && this.parentOf.has(current) && !seen.has(current)) {
      seen.add(current);
      chain.push(current);
      current = this.parentOf.get(current);
    }
    return chain;
  }

  /** Whether making `parentRoleId` the parent of `roleId` would put the role below itself. */
  wouldCycle(roleId: string, parentRoleId: string): boolean {
    return parentRoleId === roleId || this.ancestorsOrSelf(parentRoleId).includes(roleId);
  }
}
