import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DirectoryUser, type DirectoryUserDocument, type UserPermissions } from './directory-user.schema';

export interface UserFields {
  roleId: string | null;
  globalAdmin: boolean;
  permissions: UserPermissions;
  name: string | null;
}

/** Users, always within one company. */
@Injectable()
export class DirectoryUserRepository {
  constructor(@InjectModel(DirectoryUser.name) private readonly model: Model<DirectoryUser>) {}

  find(companyId: string, userId: string): Promise<DirectoryUserDocument | null> {
    return this.model.findOne({ companyId, userId }).exec();
  }

  upsert(companyId: string, userId: string, fields: UserFields): Promise<DirectoryUserDocument> {
    return this.model.findOneAndUpdate({ companyId, userId }, { $set: fields }, { upsert: true, new: true }).orFail().exec();
  }

  /** The users holding any of these roles, with their role. */
  async holdersOfRoles(companyId: string, roleIds: string[]): Promise<{ userId: string; roleId: string | null }[]> {
    if (roleIds.length === 0) return [];
    return this.model.find({ companyId, roleId: { $in: roleIds } }, { _id: 0, userId: 1, roleId: 1 }).lean().exec();
  }

  countWithRole(companyId: string, roleId: string): Promise<number> {
    return this.model.countDocuments({ companyId, roleId }).exec();
  }

  async delete(companyId: string, userId: string): Promise<void> {
    await this.model.deleteOne({ companyId, userId });
  }

  async deleteCompany(companyId: string): Promise<void> {
    await this.model.deleteMany({ companyId });
  }
}
