import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SYNC_CUSTOM_FIELDS } from '@contact-sync/contact-model';
import { CustomFieldDefinition, type CustomFieldDefinitionDocument } from './custom-field.schema';

/** Creates the sync's custom fields for a company, once. */
@Injectable()
export class CustomFieldService {
  private readonly ensured = new Set<string>();

  constructor(@InjectModel(CustomFieldDefinition.name) private readonly model: Model<CustomFieldDefinition>) {}

  async ensureForCompany(companyId: string): Promise<void> {
    if (this.ensured.has(companyId)) return;
    await this.model.bulkWrite(
      SYNC_CUSTOM_FIELDS.map((f) => ({
        updateOne: {
          filter: { companyId, key: f.key },
          update: { $setOnInsert: { companyId, key: f.key, name: f.name, fieldType: f.fieldType } },
          upsert: true,
        },
      })),
    );
    this.ensured.add(companyId);
  }

  list(companyId: string): Promise<CustomFieldDefinitionDocument[]> {
    return this.model.find({ companyId }).sort({ key: 1 }).exec();
  }
}
