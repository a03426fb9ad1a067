import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';
import { PLANS, type Plan } from '@contact-sync/contact-model';

/** A CRM company as the CRM core reports it; its plan decides the visibility options of its syncs. */
@Schema({ collection: 'directory_companies', timestamps: true })
export class Company {
  /** The CRM's company id. */
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: String, required: true, enum: PLANS }) plan: Plan;
  @Prop({ type: String, default: null }) name: string | null;
}

export type CompanyDocument = HydratedDocument<Company>;
export const CompanySchema = SchemaFactory.createForClass(Company);
