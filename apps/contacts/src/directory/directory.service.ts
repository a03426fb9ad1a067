import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { VISIBILITY_OPTIONS_BY_PLAN, visibilityUnderPlan } from '@contact-sync/contact-model';
import { PersonRepository } from '../persons/person.repository';
import { CompanyRepository } from './company.repository';
import type { CompanyDocument } from './company.schema';
import type { CompanyDto, RoleDto, UserDto } from './directory.dto';
import { DirectoryUserRepository } from './directory-user.repository';
import type { DirectoryUserDocument } from './directory-user.schema';
import { RoleRepository } from './role.repository';
import type { RoleDocument } from './role.schema';
import { RoleTree } from './role-tree';

/**
 * Keeps the company directory in step with the CRM core: companies and plans, roles and their
 * hierarchy, users with their role and permissions, followers of persons. Every rule that keeps the
 * directory consistent lives here (the company exists first, roles form a tree, references resolve).
 */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly companies: CompanyRepository,
    private readonly roles: RoleRepository,
    private readonly users: DirectoryUserRepository,
    private readonly persons: PersonRepository,
  ) {}

  /**
   * A plan change applies at once to the persons syncs brought in: those whose visibility the new
   * plan does not offer are narrowed to its narrowest option (never widened). Later changes of those
   * syncs are narrowed the same way by the inbound apply.
   */
  async putCompany(companyId: string, dto: CompanyDto): Promise<CompanyDocument> {
    const company = await this.companies.upsert(companyId, { plan: dto.plan, name: dto.name ?? null });
    await this.persons.narrowSyncedVisibility(companyId, VISIBILITY_OPTIONS_BY_PLAN[dto.plan], visibilityUnderPlan(dto.plan, 'owner_only'));
    return company;
  }

  /** Removes the company's directory (users, roles); its persons stay, visible to nobody until it returns. */
  async deleteCompany(companyId: string): Promise<void> {
    await this.users.deleteCompany(companyId);
    await this.roles.deleteCompany(companyId);
    await this.companies.delete(companyId);
  }

  async company(companyId: string): Promise<CompanyDocument> {
    const company = await this.companies.find(companyId);
    if (!company) throw new NotFoundException(`company ${companyId} is not in the directory: PUT /internal/directory/companies/${companyId} first`);
    return company;
  }

  async putRole(companyId: string, roleId: string, dto: RoleDto): Promise<RoleDocument> {
    await this.company(companyId);
    if (dto.parentRoleId !== null) {
      const tree = new RoleTree(await this.roles.listForCompany(companyId));
      if (!tree.has(dto.parentRoleId)) throw new BadRequestException(`parentRoleId "${dto.parentRoleId}" is not a role of company ${companyId}`);
      if (tree.wouldCycle(roleId, dto.parentRoleId)) {
        throw new BadRequestException(`role "${roleId}" cannot be placed under "${dto.parentRoleId}": that role is ${roleId === dto.parentRoleId ? 'itself' : 'below it'}`);
      }
    }
    return this.roles.upsert(companyId, roleId, { name: dto.name, parentRoleId: dto.parentRoleId });
  }

  async deleteRole(companyId: string, roleId: string): Promise<void> {
    const [holders, children] = await Promise.all([this.users.countWithRole(companyId, roleId), this.roles.countChildren(companyId, roleId)]);
    if (holders > 0 || children > 0) {
      throw new ConflictException(`role "${roleId}" is still used by ${holders} user(s) and ${children} child role(s): move them first`);
    }
    await this.roles.delete(companyId, roleId);
  }

  async putUser(companyId: string, userId: string, dto: UserDto): Promise<DirectoryUserDocument> {
    await this.company(companyId);
    if (dto.roleId !== null && !(await this.roles.find(companyId, dto.roleId))) {
      throw new BadRequestException(`roleId "${dto.roleId}" is not a role of company ${companyId}`);
    }
    return this.users.upsert(companyId, userId, {
      roleId: dto.roleId,
      globalAdmin: dto.globalAdmin,
      permissions: { addPeople: dto.permissions.addPeople, addOrganizations: dto.permissions.addOrganizations },
      name: dto.name ?? null,
    });
  }

  deleteUser(companyId: string, userId: string): Promise<void> {
    return this.users.delete(companyId, userId);
  }

  async user(companyId: string, userId: string): Promise<DirectoryUserDocument> {
    const user = await this.users.find(companyId, userId);
    if (!user) throw new NotFoundException(`user ${userId} is not in the directory of company ${companyId}`);
    return user;
  }

  async follow(companyId: string, personId: string, userId: string): Promise<void> {
    if (!(await this.users.find(companyId, userId))) throw new BadRequestException(`user ${userId} is not in the directory of company ${companyId}`);
    if (!(await this.persons.addFollower(companyId, personId, userId))) throw new NotFoundException(`person ${personId} not found in company ${companyId}`);
  }

  async unfollow(companyId: string, personId: string, userId: string): Promise<void> {
    if (!(await this.persons.removeFollower(companyId, personId, userId))) throw new NotFoundException(`person ${personId} not found in company ${companyId}`);
  }
}
