import { RoleTree } from './role-tree';

describe('RoleTree', () => {
  // ceo ─ sales ─ sales-eu ─ sales-de
  //     └ support
  const tree = new RoleTree([
    { roleId: 'ceo', parentRoleId: null },
    { roleId: 'sales', parentRoleId: 'ceo' },
    { roleId: 'sales-eu', parentRoleId: 'sales' },
    { roleId: 'sales-de', parentRoleId: 'sales-eu' },
    { roleId: 'support', parentRoleId: 'ceo' },
  ]);

  it('lists a role and everything above it, nearest first', () => {
    expect(tree.ancestorsOrSelf('sales-de')).toEqual(['sales-de', 'sales-eu', 'sales', 'ceo']);
    expect(tree.ancestorsOrSelf('ceo')).toEqual(['ceo']);
    expect(tree.ancestorsOrSelf('unknown')).toEqual([]);
  });

  it('refuses a parent that is the role itself or below it', () => {
    expect(tree.wouldCycle('sales', 'sales')).toBe(true);
    expect(tree.wouldCycle('sales', 'sales-de')).toBe(true);
    expect(tree.wouldCycle('sales-de', 'support')).toBe(false);
    expect(tree.wouldCycle('new-role', 'sales')).toBe(false);
  });

  it('stops on a cycle already stored instead of looping', () => {
    const broken = new RoleTree([
      { roleId: 'a', parentRoleId: 'b' },
      { roleId: 'b', parentRoleId: 'a' },
    ]);
    expect(broken.ancestorsOrSelf('a')).toEqual(['a', 'b']);
  });
});
