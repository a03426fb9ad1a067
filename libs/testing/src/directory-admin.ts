import type { Plan, UserAccess } from '@contact-sync/contact-model';
import { httpJson } from './http-json';

const enc = encodeURIComponent;

export interface DirectoryCompany {
  companyId: string;
  plan: Plan;
  name?: string | null;
}

export interface DirectoryRole {
  companyId: string;
  roleId: string;
  name: string;
  parentRoleId: string | null;
}

export interface DirectoryUserSettings {
  roleId: string | null;
  globalAdmin: boolean;
  permissions: { addPeople: boolean; addOrganizations: boolean };
  name?: string;
}

/**
 * The company directory of the contacts service, driven the way the CRM core keeps it in step
 * (internal API, the CRM core's own credential: LocalStack `internalApiToken`). Throws on an unexpected status so tests fail loudly.
 */
export class DirectoryAdmin {
  constructor(
    private readonly contactsUrl: string,
    private readonly internalApiToken: string,
  ) {}

  private async call<T>(method: string, path: string, expected: number, body?: unknown): Promise<T> {
    const res = await httpJson<T>(method, `${this.contactsUrl}/internal/directory/companies/${path}`, body, {
      authorization: `Bearer ${this.internalApiToken}`,
    });
    if (res.status !== expected) throw new Error(`directory ${method} ${path}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Creates or replaces a company. */
  company(companyId: string, plan: Plan, name?: string): Promise<DirectoryCompany> {
    return this.call('PUT', enc(companyId), 200, { plan, ...(name !== undefined ? { name } : {}) });
  }

  deleteCompany(companyId: string): Promise<void> {
    return this.call('DELETE', enc(companyId), 204);
  }

  /** Creates or replaces a role; `parentRoleId` null for a top-level role. */
  role(companyId: string, roleId: string, name: string, parentRoleId: string | null): Promise<DirectoryRole> {
    return this.call('PUT', `${enc(companyId)}/roles/${enc(roleId)}`, 200, { name, parentRoleId });
  }

  deleteRole(companyId: string, roleId: string): Promise<void> {
    return this.call('DELETE', `${enc(companyId)}/roles/${enc(roleId)}`, 204);
  }

  /** Creates or replaces a user; answers what accounts will read for them. */
  user(companyId: string, userId: string, settings: DirectoryUserSettings): Promise<UserAccess> {
    return this.call('PUT', `${enc(companyId)}/users/${enc(userId)}`, 200, settings);
  }

  deleteUser(companyId: string, userId: string): Promise<void> {
    return this.call('DELETE', `${enc(companyId)}/users/${enc(userId)}`, 204);
  }

  follow(companyId: string, personId: string, userId: string): Promise<void> {
    return this.call('PUT', `${enc(companyId)}/persons/${enc(personId)}/followers/${enc(userId)}`, 204);
  }

  unfollow(companyId: string, personId: string, userId: string): Promise<void> {
    return this.call('DELETE', `${enc(companyId)}/persons/${enc(personId)}/followers/${enc(userId)}`, 204);
  }

  /** What accounts' permission gate and plan rule read for a user. */
  access(companyId: string, userId: string): Promise<UserAccess> {
    return this.call('GET', `${enc(companyId)}/users/${enc(userId)}/access`, 200);
  }
}
