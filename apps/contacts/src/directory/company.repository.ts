import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Plan } from '@contact-sync/contact-model';
import { Company, type CompanyDocument } from './company.schema';

@Injectable()
export class CompanyRepository {
  constructor(@InjectModel(Company.name) private readonly model: Model<Company>) {}

  find(companyId: string): Promise<CompanyDocument | null> {
    return this.model.findById(companyId).exec();
  }

  upsert(companyId: string, fields: { plan: Plan; name: string | null }): Promise<CompanyDocument> {
    return this.model.findOneAndUpdate({ _id: companyId }, { $set: fields }, { upsert: true, new: true }).orFail().exec();
  }

  async delete(companyId: string): Promise<void> {
    await this.model.deleteOne({ _id: companyId });
  }
}
