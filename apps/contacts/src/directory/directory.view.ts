import type { CompanyDocument } from './company.schema';
import type { DirectoryUserDocument } from './directory-user.schema';
import type { RoleDocument } from './role.schema';
import type { CompanyResponse, RoleResponse, UserAccessResponse } from './directory.response';

export const toCompanyView = (c: CompanyDocument): CompanyResponse => ({ companyId: c._id, plan: c.plan, name: c.name });

export const toRoleView = (r: RoleDocument): RoleResponse => ({ companyId: r.companyId, roleId: r.roleId, name: r.name, parentRoleId: r.parentRoleId });

/** A user with their company's plan: the shape accounts' permission gate reads (libs/contact-model UserAccess). */
export const toUserAccessView = (c: CompanyDocument, u: DirectoryUserDocument): UserAccessResponse => ({
  companyId: u.companyId,
  plan: c.plan,
  userId: u.userId,
  roleId: u.roleId,
  globalAdmin: u.globalAdmin,
  permissions: { addPeople: u.permissions.addPeople, addOrganizations: u.permissions.addOrganizations },
  name: u.name,
});
