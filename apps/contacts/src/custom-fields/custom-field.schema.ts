import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';
import type { CustomFieldKey } from '@contact-sync/contact-model';

@Schema({ collection: 'custom_field_definitions', timestamps: true })
export class CustomFieldDefinition {
  @Prop({ required: true }) companyId: string;
  @Prop({ type: String, required: true }) key: CustomFieldKey;
  @Prop({ required: true }) name: string;
  @Prop({ required: true }) fieldType: string;
}

export type CustomFieldDefinitionDocument = HydratedDocument<CustomFieldDefinition>;
export const CustomFieldDefinitionSchema = SchemaFactory.createForClass(CustomFieldDefinition);

// One definition per company and key: creation is an idempotent upsert on it.
CustomFieldDefinitionSchema.index({ companyId: 1, key: 1 }, { unique: true });
