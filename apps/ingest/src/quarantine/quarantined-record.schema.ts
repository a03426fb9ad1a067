import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { declareIndex } from '@contact-sync/platform';

/**
 * A provider record ingest could not map or publish. Kept across runs so the dashboard shows the
 * sync's total, not only what the last run happened to see; cleared when a later pass maps it fine,
 * the provider deletes it, or a full pass no longer sees it (left scope).
 */
@Schema({ collection: 'quarantined_records', versionKey: false })
export class QuarantinedRecord {
  @Prop({ required: true }) accountId: string;
  @Prop({ required: true }) externalId: string;
  @Prop({ type: String, default: null }) label: string | null;
  @Prop({ required: true }) reason: string;
  @Prop({ required: true }) quarantinedAt: Date;
}

export const QuarantinedRecordSchema = SchemaFactory.createForClass(QuarantinedRecord);

declareIndex(QuarantinedRecordSchema, { accountId: 1, externalId: 1 }, { unique: true, documentdbOrdered: true });
