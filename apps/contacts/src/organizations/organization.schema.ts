import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

@Schema({ collection: 'organizations', timestamps: true })
export class Organization {
  @Prop({ required: true }) companyId: string;
  @Prop({ required: true }) name: string;
  /** Case- and space-insensitive key: "ACME  Inc" and "acme inc" are one organization. */
  @Prop({ required: true }) normalizedName: string;
}

export type OrganizationDocument = HydratedDocument<Organization>;
export const OrganizationSchema = SchemaFactory.createForClass(Organization);

// Find-or-create by name within a company; unique so concurrent creators converge on one record.
OrganizationSchema.index({ companyId: 1, normalizedName: 1 }, { unique: true });
