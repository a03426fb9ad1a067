import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Role, type RoleDocument } from './role.schema';

/** Roles, always within one company. */
@Injectable()
export class RoleRepository {
  constructor(@InjectModel(Role.name) private readonly model: Model<Role>) {}

  /** A company's whole tree: small (tens to hundreds of roles), read whole to walk parents in memory. */
  listForCompany(companyId: string): Promise<Pick<Role, 'roleId' | 'parentRoleId'>[]> {
    return this.model.find({ companyId }, { _id: 0, roleId: 1, parentRoleId: 1 }).lean().exec();
  }

  find(companyId: string, roleId: string): Promise<RoleDocument | null> {
    return this.model.findOne({ companyId, roleId }).exec();
  }

  upsert(companyId: string, roleId: string, fields: { name: string; parentRoleId: string | null }): Promise<RoleDocument> {
    return this.model.findOneAndUpdate({ companyId, roleId }, { $set: fields }, { upsert: true, new: true }).orFail().exec();
  }

  countChildren(companyId: string, roleId: string): Promise<number> {
    return this.model.countDocuments({ companyId, parentRoleId: roleId }).exec();
  }

  async delete(companyId: string, roleId: string): Promise<void> {
    await this.model.deleteOne({ companyId, roleId });
  }

  async deleteCompany(companyId: string): Promise<void> {
    await this.model.deleteMany({ companyId });
  }
}
