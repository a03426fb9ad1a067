import { visibilityBranches, visibleWhere } from './visibility-filter';
import type { Reader } from './reader';

const reader = (over: Partial<Reader> = {}): Reader => ({
  companyId: 'c1',
  userId: 'u1',
  globalAdmin: false,
  sameRoleOwners: [],
  roleOrAboveOwners: [],
  ...over,
});

describe('visibility branches', () => {
  it('every branch is scoped to the company and to live persons', () => {
    for (const r of [reader(), reader({ globalAdmin: true }), reader({ sameRoleOwners: ['u2'], roleOrAboveOwners: ['u2', 'u3'] })]) {
      for (const branch of visibilityBranches(r)) expect(branch).toMatchObject({ companyId: 'c1', deletedAt: null });
    }
  });

  it('a global admin reads the whole company in one branch', () => {
    expect(visibilityBranches(reader({ globalAdmin: true }))).toEqual([
      { companyId: 'c1', deletedAt: null, visibility: { $in: ['owner_only', 'owner_and_followers', 'owner_role', 'owner_role_and_below', 'entire_company'] } },
    ]);
  });

  it('role branches appear only when the reader has a role, with the holders as owners', () => {
    expect(visibilityBranches(reader()).map((b) => b.visibility)).toEqual([expect.anything(), 'entire_company', 'owner_and_followers']);
    const branches = visibilityBranches(reader({ sameRoleOwners: ['u1', 'u2'], roleOrAboveOwners: ['u1', 'u2', 'boss'] }));
    expect(branches).toContainEqual({ companyId: 'c1', deletedAt: null, visibility: 'owner_role', ownerUserId: { $in: ['u1', 'u2'] } });
    expect(branches).toContainEqual({ companyId: 'c1', deletedAt: null, visibility: 'owner_role_and_below', ownerUserId: { $in: ['u1', 'u2', 'boss'] } });
    expect(branches).toContainEqual({ companyId: 'c1', deletedAt: null, visibility: 'owner_and_followers', followerUserIds: 'u1' });
  });

  it('extra conditions go into every branch, so none can widen the result', () => {
    const where = visibleWhere(reader({ sameRoleOwners: ['u2'] }), { _id: 'x' });
    expect(where.$or?.length).toBeGreaterThan(1);
    for (const branch of where.$or ?? []) expect(branch).toMatchObject({ _id: 'x', companyId: 'c1' });
  });
});
