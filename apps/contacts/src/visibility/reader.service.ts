import { ForbiddenException, Injectable } from '@nestjs/common';
import type { Actor } from '@contact-sync/platform';
import { DirectoryUserRepository } from '../directory/directory-user.repository';
import { RoleRepository } from '../directory/role.repository';
import { RoleTree } from '../directory/role-tree';
import type { Reader } from './reader';

/** Resolves the acting user into a Reader: their flags and role relations from the directory. */
@Injectable()
export class ReaderService {
  constructor(
    private readonly users: DirectoryUserRepository,
    private readonly roles: RoleRepository,
  ) {}

  async forActor(actor: Actor): Promise<Reader> {
    const user = await this.users.find(actor.companyId, actor.userId);
    // A valid token for a user the CRM core has not told us about: refuse clearly rather than show nothing.
    if (!user) throw new ForbiddenException(`user ${actor.userId} is not in the directory of company ${actor.companyId}`);
    const reader: Reader = { companyId: actor.companyId, userId: actor.userId, globalAdmin: user.globalAdmin, sameRoleOwners: [], roleOrAboveOwners: [] };
    if (user.globalAdmin || !user.roleId) return reader;
    const chain = new RoleTree(await this.roles.listForCompany(actor.companyId)).ancestorsOrSelf(user.roleId);
    const holders = await this.users.holdersOfRoles(actor.companyId, chain);
    reader.sameRoleOwners = holders.filter((h) => h.roleId === user.roleId).map((h) => h.userId);
    reader.roleOrAboveOwners = holders.map((h) => h.userId);
    return reader;
  }
}
